using System.Globalization;

namespace Podvisor.Runtime.Processes.Logging;

/// <summary>Go's RFC3339Nano in UTC with a fixed nine-digit fraction (.NET ticks are 100 ns), as CRI log lines carry it.</summary>
internal static class CriTimestamp
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
}
