using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Kite;

/// <summary>A person Kite knows. <see cref="Phone"/> is in international form, e.g. +8613912345678.</summary>
public sealed record KitePerson(string Subject, string Name, string? Phone, string? Email, string? Picture);

/// <summary>
/// A tiny OAuth2 provider on a real Kestrel port on 127.0.0.1: /authorize (the person given in the query approves, or
/// denies), /token (form post, single-use codes, client credentials checked) and /userinfo (bearer token).
/// </summary>
public sealed class KiteServer : IAsyncDisposable
{
    public const string ClientId = "kite-client";
    public const string ClientSecret = "kite-secret-4242";

    private readonly ConcurrentDictionary<string, KitePerson> people = new();
    private readonly ConcurrentDictionary<string, KitePerson> codes = new();
    private readonly ConcurrentDictionary<string, KitePerson> tokens = new();
    private readonly WebApplication app;
    private int tokenRequests;

    private KiteServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
        app.MapGet("/userinfo", UserInfo);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many code exchanges reached Kite.</summary>
    public int TokenRequests => tokenRequests;

    public static async Task<KiteServer> StartAsync()
    {
        var server = new KiteServer();
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).AbsoluteUri;

    /// <summary>A new person at Kite, with a phone number no other test uses unless one is given.</summary>
    public KitePerson AddPerson(string name, string? phone = null, string? email = null)
    {
        var tag = RandomNumberGenerator.GetHexString(10, lowercase: true);
        var person = new KitePerson($"kite-{tag}", name, phone ?? "+86139" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999), email,
            $"https://kite.example/{tag}.png");
        people[person.Subject] = person;
        return person;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Results.BadRequest();
        }

        var back = new Dictionary<string, string?> { ["state"] = query["state"] };
        if (query.ContainsKey("deny") || !people.TryGetValue(query["person"].ToString(), out var person))
        {
            back["error"] = "access_denied";
        }
        else
        {
            var code = RandomNumberGenerator.GetHexString(24, lowercase: true);
            codes[code] = person;
            back["code"] = code;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), back));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code" || !codes.TryRemove(form["code"].ToString(), out var person))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        tokens[token] = person;
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600 });
    }

    private IResult UserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(header["Bearer ".Length..], out var person))
        {
            return Results.Unauthorized();
        }

        return Results.Json(new Dictionary<string, string?>
        {
            ["sub"] = person.Subject,
            ["name"] = person.Name,
            ["phone_number"] = person.Phone,
            ["email"] = person.Email,
            ["picture"] = person.Picture,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
