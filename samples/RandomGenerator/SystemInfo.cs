namespace RandomGenerator;

/// <summary><c>/info</c>: configuration and system facts, with the original's keys.</summary>
internal sealed class SystemInfo(RandomGeneratorSettings settings, RandomNumbers numbers, IConfiguration configuration)
{
    private const long Megabyte = 1024 * 1024;

    public static readonly string Version =
        typeof(SystemInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// <summary>The JVM's max/total/free heap, as the GC sees them: the memory the process may use, what it holds, the rest.</summary>
    public static (long MaxMegabytes, long UsedMegabytes, long FreeMegabytes) Memory()
    {
        var max = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var used = GC.GetTotalMemory(forceFullCollection: false);
        return (max / Megabyte, used / Megabyte, Math.Max(0, max - used) / Megabyte);
    }

    public Dictionary<string, object?> Collect()
    {
        var (max, used, free) = Memory();
        var info = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["memory.max"] = max,
            ["memory.used"] = used,
            ["memory.free"] = free,
            ["cpu.procs"] = Environment.ProcessorCount,
            ["id"] = numbers.Id.ToString(),
            ["version"] = Version,
            ["pattern"] = settings.Pattern,
        };
        if (settings.LogFile is { } logFile)
        {
            info["logFile"] = logFile;
        }

        if (settings.Seed != 0)
        {
            info["seed"] = settings.Seed;
        }

        if (settings.BuildType is { } buildType)
        {
            info["build-type"] = buildType;
        }

        // Downward API, as environment variables...
        foreach (var key in new[] { "POD_IP", "NODE_NAME" })
        {
            if (configuration[key] is { } value)
            {
                info[key] = value;
            }
        }

        // ...and as a volume.
        foreach (var meta in new[] { "labels", "annotations" })
        {
            var file = Path.Combine(settings.PodInfoDirectory, meta);
            if (File.Exists(file))
            {
                info[meta] = File.ReadAllText(file);
            }
        }

        info["env"] = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .OrderBy(entry => (string)entry.Key, StringComparer.Ordinal)
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
        return info;
    }
}
