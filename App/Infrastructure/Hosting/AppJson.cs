using System.Text.Json;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>The JSON the API reads and writes, and the app stores options in: camelCase, web defaults.</summary>
public static class AppJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
