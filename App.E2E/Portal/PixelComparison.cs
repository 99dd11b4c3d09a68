using Microsoft.Playwright;

namespace BlazorAuth.E2E.Portal;

/// <summary>How two screenshots differ, counted by the browser itself from their decoded pixels.</summary>
public sealed record PixelDifference(int Width, int Height, int ExpectedWidth, int ExpectedHeight, int DifferentPixels, string DiffPng)
{
    public bool SameSize => Width == ExpectedWidth && Height == ExpectedHeight;

    public double DifferentShare => SameSize ? (double)DifferentPixels / (Width * Height) : 1;
}

public static class PixelComparison
{

    /// <summary>
    /// Compares <paramref name="actual"/> with <paramref name="expected"/> (both PNG) in a blank page of
    /// <paramref name="context"/>: a pixel differs when one of its channels is off by more than
    /// <paramref name="channelTolerance"/> of 255. The returned diff image marks differing pixels red.
    /// </summary>
    public static async Task<PixelDifference> CompareAsync(IBrowserContext context, byte[] actual, byte[] expected, int channelTolerance)
    {
        var page = await context.NewPageAsync();
        try
        {
            var result = await page.EvaluateAsync<System.Text.Json.JsonElement>(Script, new
            {
                actual = "data:image/png;base64," + Convert.ToBase64String(actual),
                expected = "data:image/png;base64," + Convert.ToBase64String(expected),
                tolerance = channelTolerance,
            });
            int Number(string name) => result.GetProperty(name).GetInt32();
            return new PixelDifference(Number("width"), Number("height"), Number("expectedWidth"), Number("expectedHeight"),
                Number("differentPixels"), result.GetProperty("diffPng").GetString() ?? "");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private const string Script = """
        async ({ actual, expected, tolerance }) => {
            const load = async src => { const image = new Image(); image.src = src; await image.decode(); return image; };
            const pixels = image => {
                const canvas = document.createElement('canvas');
                canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                return { canvas, context, data: context.getImageData(0, 0, canvas.width, canvas.height) };
            };
            const [a, e] = [pixels(await load(actual)), pixels(await load(expected))];
            const result = { width: a.canvas.width, height: a.canvas.height, expectedWidth: e.canvas.width,
                expectedHeight: e.canvas.height, differentPixels: 0, diffPng: '' };
            if (result.width !== result.expectedWidth || result.height !== result.expectedHeight) return result;
            const diff = a.context.createImageData(result.width, result.height);
            for (let i = 0; i < a.data.data.length; i += 4) {
                let off = false;
                for (let c = 0; c < 4; c++) off ||= Math.abs(a.data.data[i + c] - e.data.data[i + c]) > tolerance;
                if (off) result.differentPixels++;
                diff.data.set(off ? [255, 0, 0, 255] : [e.data.data[i], e.data.data[i + 1], e.data.data[i + 2], 48], i);
            }
            a.context.putImageData(diff, 0, 0);
            result.diffPng = a.canvas.toDataURL('image/png').split(',')[1];
            return result;
        }
        """;
}
