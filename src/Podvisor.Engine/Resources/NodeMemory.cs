using System.Globalization;

namespace Podvisor.Engine.Resources;

/// <summary>
/// The node's memory capacity as the kubelet knows it (cAdvisor's <c>MemoryCapacity</c>: <c>MemTotal</c> of
/// <c>/proc/meminfo</c>), which the Burstable OOM score adjustment divides by. Read once.
/// </summary>
internal static class NodeMemory
{
    private static readonly Lazy<long> s_capacity = new(Read);

    public static long CapacityBytes => s_capacity.Value;

    /// <summary>The <c>MemTotal:</c> line's kB in bytes; null when the text has none.</summary>
    public static long? ParseMemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
                ? kilobytes * 1024
                : null;
        }

        return null;
    }

    private static long Read()
    {
        try
        {
            if (ParseMemTotal(File.ReadAllText("/proc/meminfo")) is { } bytes)
            {
                return bytes;
            }
        }
        catch (IOException)
        {
        }

        // Not Linux, or no /proc: what the runtime believes the machine has.
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
