using System.Globalization;

namespace Podvisor.Bench.Core;

/// <summary>This process's RLIMIT_NOFILE (from /proc/self/limits): what the peers it starts inherit.</summary>
internal static class NoFileLimit
{
    /// <summary>The hard limit, capped at 1 Mi (so "unlimited" gives a usable number).</summary>
    public static int Hard()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields[1] == "unlimited" ? 1 << 20 : (int)Math.Min(1 << 20, long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
        }

        return 1024;
    }
}
