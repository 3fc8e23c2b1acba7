using System.CommandLine;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Runtime.Processes.Logging;

namespace Podvisor.Cli.Run;

/// <summary>
/// The kubelet's log rotation flags, <c>--container-log-max-size</c> (a quantity, default <c>10Mi</c>; negative turns
/// rotation off) and <c>--container-log-max-files</c> (default 5, at least 2), read and refused in the kubelet's words
/// (pkg/kubelet/logs/container_log_manager.go, NewContainerLogManager). The process runtime rotates; a CRI runtime's
/// logs are not rotated by podvisor, so the flags are refused with it rather than silently ignored.
/// </summary>
internal sealed class LogRotationFlags
{
    public Option<string?> MaxSize { get; } = new("--container-log-max-size")
    {
        Description = "Rotate a container's log file when it reaches this size, as the kubelet's containerLogMaxSize (default 10Mi; a negative size turns rotation off). Process runtime only.",
        HelpName = "QUANTITY",
    };

    public Option<int?> MaxFiles { get; } = new("--container-log-max-files")
    {
        Description = "Keep at most this many log files per container instance, the live one included, as the kubelet's containerLogMaxFiles (default 5, at least 2). Process runtime only.",
        HelpName = "N",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(MaxSize);
        command.Options.Add(MaxFiles);
    }

    /// <summary>The policy asked for (null when neither flag is given), or an error naming the flag.</summary>
    public LogRotationPolicy? Resolve(ParseResult result, RuntimeKind runtime, out string? error) =>
        Resolve(result.GetValue(MaxSize), result.GetValue(MaxFiles), runtime, out error);

    public static LogRotationPolicy? Resolve(string? maxSize, int? maxFiles, RuntimeKind runtime, out string? error)
    {
        error = null;
        if (maxSize is null && maxFiles is null)
        {
            return null;
        }

        if (runtime != RuntimeKind.Process)
        {
            error = "--container-log-max-size and --container-log-max-files configure the process runtime's rotation; podvisor does not rotate a CRI runtime's logs";
            return null;
        }

        var files = maxFiles ?? LogRotationPolicy.Default.MaxFiles;
        if (files <= 1)
        {
            error = $"invalid argument for \"--container-log-max-files\" flag: invalid MaxFiles {files}, must be > 1";
            return null;
        }

        var bytes = LogRotationPolicy.Default.MaxSizeBytes;
        if (maxSize is not null)
        {
            if (!QuantitySyntax.IsValid(maxSize))
            {
                error = $"invalid argument for \"--container-log-max-size\" flag: failed to parse container log max size \"{maxSize}\": {QuantitySyntax.FormatMessage}";
                return null;
            }

            var quantity = new ResourceQuantity(maxSize).ToDecimal();
            if (quantity != decimal.Truncate(quantity) || quantity > long.MaxValue || quantity < long.MinValue)
            {
                error = $"invalid argument for \"--container-log-max-size\" flag: failed to parse container log max size \"{maxSize}\": invalid max log size";
                return null;
            }

            bytes = (long)quantity;
        }

        return new LogRotationPolicy(bytes, files);
    }
}
