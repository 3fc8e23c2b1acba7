using System.Globalization;
using System.Net;

namespace RandomGenerator;

/// <summary>
/// The sample's configuration, read from configuration keys that are the original's environment variables
/// (environment variables are configuration in ASP.NET Core, so tests can set them without touching the process).
/// </summary>
internal sealed record RandomGeneratorSettings
{
    public const int DefaultPort = 8080;

    /// <summary>Only the exact string "true" turns the wait on, as in the original.</summary>
    public bool WaitForPostStart { get; init; }

    /// <summary>The file the postStart hook writes. The original's path; configurable so tests never touch the shared /tmp.</summary>
    public string PostStartFile { get; init; } = "/tmp/postStart-done";

    public TimeSpan DelayStartup { get; init; }

    public string? LogFile { get; init; }

    /// <summary>0 means "no seed": a randomly seeded generator.</summary>
    public long Seed { get; init; }

    public string Pattern { get; init; } = "None";

    public string? BuildType { get; init; }

    public string ReadyFile { get; init; } = "/tmp/random-generator-ready";

    public string PodInfoDirectory { get; init; } = "/pod-info";

    public int Port { get; init; } = DefaultPort;

    /// <summary>Null: every interface, as a server in its own network namespace would.</summary>
    public IPAddress? Address { get; init; }

    /// <exception cref="SettingsException">A value is malformed; the message names the variable.</exception>
    public static RandomGeneratorSettings From(IConfiguration configuration)
    {
        var errors = new List<string>();
        var settings = new RandomGeneratorSettings
        {
            WaitForPostStart = configuration["WAIT_FOR_POST_START"] == "true",
            PostStartFile = NonEmpty(configuration["POST_START_FILE"]) ?? "/tmp/postStart-done",
            DelayStartup = TimeSpan.FromSeconds(Integer(configuration, "DELAY_STARTUP", 0, int.MaxValue, errors)),
            LogFile = NonEmpty(configuration["LOG_FILE"]),
            Seed = Integer(configuration, "SEED", long.MinValue, long.MaxValue, errors),
            Pattern = NonEmpty(configuration["PATTERN"]) ?? "None",
            BuildType = NonEmpty(configuration["BUILD_TYPE"]),
            ReadyFile = NonEmpty(configuration["READY_FILE"]) ?? "/tmp/random-generator-ready",
            PodInfoDirectory = NonEmpty(configuration["POD_INFO_DIR"]) ?? "/pod-info",
            Port = (int)Integer(configuration, "SERVER_PORT", 1, 65535, errors, DefaultPort),
            Address = ParseAddress(configuration, errors),
        };
        return errors.Count == 0 ? settings : throw new SettingsException(string.Join("; ", errors));
    }

    /// <summary>The settings, or the defaults when a value is malformed (the start-up reports that, once).</summary>
    public static RandomGeneratorSettings FromOrDefaults(IConfiguration configuration)
    {
        try
        {
            return From(configuration);
        }
        catch (SettingsException)
        {
            return new RandomGeneratorSettings();
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static long Integer(IConfiguration configuration, string key, long min, long max, List<string> errors, long fallback = 0)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors.Add($"{key}: Invalid value: \"{value}\": must be a whole number between {min} and {max}");
        return fallback;
    }

    private static IPAddress? ParseAddress(IConfiguration configuration, List<string> errors)
    {
        var value = configuration["SERVER_ADDRESS"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }

        errors.Add($"SERVER_ADDRESS: Invalid value: \"{value}\": must be an IP address");
        return null;
    }
}
