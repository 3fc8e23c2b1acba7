using System.Globalization;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Tools;

/// <summary>The file <c>probe stamp FILE CMD</c> writes as it starts: wall-clock µs and pid (in its namespace).</summary>
internal static class Stamp
{
    public static async Task<long?> Read(string path, TimeSpan timeout)
    {
        long? value = null;
        await Clock.Until(() =>
        {
            try
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length == 0)
                {
                    return false;
                }

                value = long.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, timeout, 1).ConfigureAwait(false);
        return value;
    }

    public static string[] Command(BenchContext context, string file, params string[] then) => [context.Probe, "stamp", file, .. then];
}
