using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What a launcher needs to spawn an exec (a hook, an exec probe, <c>kubectl exec</c>) in a container.</summary>
/// <param name="View">The container's own view; null when it runs in the host's.</param>
/// <param name="Path">argv[0] resolved on the container's PATH, in its view.</param>
/// <param name="Stdin">The exec's stdin; null means /dev/null.</param>
/// <param name="Cgroup">The container's cgroup, which a launcher may have the exec start in; null when it has none.</param>
/// <param name="Terminal">A pseudoterminal's slave for <c>kubectl exec -t</c>: stdin, stdout, stderr and controlling terminal instead of the descriptors.</param>
internal sealed record ExecSpawn(
    ContainerContext Context,
    IsolatedView? View,
    IReadOnlyList<string> Command,
    string Path,
    int? Stdin,
    int Stdout,
    int Stderr,
    ContainerCgroup? Cgroup = null,
    string? Terminal = null)
{
    /// <summary>runc's refusal of an exec in a container whose main process has exited.</summary>
    public const string StoppedContainer = "OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown";

    /// <summary>The command itself, with exactly the container's environment and working directory.</summary>
    public SpawnRequest Direct => new(Path, Command, Context.Environment, Context.WorkingDirectory, Stdout, Stderr, Stdin, Terminal: Terminal);

    public static ExecStartFailure Stopped => new(126, StoppedContainer);

    /// <summary>An exec whose spawn failed with <paramref name="errno"/>: 126, as a shell says a command it cannot run.</summary>
    public ExecStartFailure Failed(int errno) => new(126, $"exec: \"{Command[0]}\": {new System.ComponentModel.Win32Exception(errno).Message}");
}
