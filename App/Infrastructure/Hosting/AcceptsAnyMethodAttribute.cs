namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// A page whose endpoint takes every HTTP method, not only Blazor's GET and POST: the status pages. ASP.NET Core
/// re-executes a status code with the request's own method, so a DELETE of a missing address would otherwise end as an
/// empty 405 instead of the not-found page (https://github.com/dotnet/aspnetcore/issues/9889).
/// </summary>
/// <remarks>A marker: <see cref="PageMethods"/> gives the endpoint its methods.</remarks>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AcceptsAnyMethodAttribute : Attribute;
