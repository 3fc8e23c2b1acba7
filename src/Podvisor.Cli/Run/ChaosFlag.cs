using System.CommandLine;
using Podvisor.Engine.Chaos;

namespace Podvisor.Cli.Run;

/// <summary><c>run --chaos FAULT[,FAULT…]</c> (repeatable): the faults to inject, checked against the runtime that will run them.</summary>
internal sealed class ChaosFlag
{
    public Option<string[]> Option { get; } = new("--chaos")
    {
        Description = $"Inject a fault on purpose (repeatable, or a comma list): {ChaosFaultNames.Valid}. Each injected fault is a Warning event ChaosInjected.",
        HelpName = "FAULT[,FAULT...]",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The faults asked for; the error names the flag, the bad value and every valid fault.</summary>
    public ChaosFaults? Resolve(ParseResult result, RuntimeKind runtime, out string? error) =>
        Resolve(result.GetValue(Option) ?? [], runtime, out error);

    public static ChaosFaults? Resolve(IReadOnlyList<string> values, RuntimeKind runtime, out string? error)
    {
        if (!ChaosFaultNames.TryParse(values, out var faults, out var parseError))
        {
            error = $"invalid argument for \"--chaos\" flag: {parseError}";
            return null;
        }

        // The hold wraps the entrypoint's argv in a shell; an image runtime's entrypoint is the image's, unknown here.
        // Nor can the hook simply go first on CRI: containerd's ExecSync refuses a container that is not yet RUNNING
        // (containerd pkg/cri/server/container_execsync.go, internal/cri/server/ since 2.0), and it is RUNNING only
        // once StartContainer has started the entrypoint's task.
        if (faults.HasFlag(ChaosFaults.PostStartEarly) && runtime != RuntimeKind.Process)
        {
            error = $"--chaos {ChaosFaultNames.PostStartEarly} needs the process runtime (--runtime process): "
                + "containerd runs an exec only in a container whose entrypoint has started";
            return null;
        }

        error = null;
        return faults;
    }
}
