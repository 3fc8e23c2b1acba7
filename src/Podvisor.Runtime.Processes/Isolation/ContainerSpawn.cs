using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What a launcher needs to start a container's first process; the runtime keeps the descriptors it passes.</summary>
/// <param name="Mounts">From <see cref="IContainerLauncher.MountsFor"/>: null runs the command in the host's view.</param>
/// <param name="Path">argv[0] resolved on the container's PATH, in its view of the filesystem.</param>
/// <param name="SharedPidNamespace">The pod's PID namespace under <c>shareProcessNamespace</c>; null for one of its own.</param>
/// <param name="Register">Registers a PID with the guard, for a child that waits before it runs anything.</param>
/// <param name="Loop">Where a setup step's report is read.</param>
/// <param name="Stdin">The read end of the stdin pipe of a <c>stdin: true</c> container; null means /dev/null.</param>
internal sealed record ContainerSpawn(
    ContainerLaunch Launch,
    ContainerContext Context,
    MountTable? Mounts,
    string Path,
    int Stdout,
    int Stderr,
    PodPidNamespace? SharedPidNamespace,
    Action<int> Register,
    EventLoop Loop,
    int? Stdin = null)
{
    /// <summary>With <c>tty</c>: the terminal's slave, the process's stdin, stdout, stderr and controlling terminal instead of the descriptors.</summary>
    public string? Terminal { get; init; }

    /// <summary>The command itself, with exactly the container's environment and working directory.</summary>
    public SpawnRequest Direct => new(Path, Launch.Argv, Context.Environment, Context.WorkingDirectory, Stdout, Stderr, Stdin, Terminal: Terminal);

    /// <summary>The StartError of a spawn that failed with <paramref name="errno"/>, in runc's words.</summary>
    public ContainerStartException Failed(int errno) =>
        new($"{StartErrorText.Prefix}exec: \"{Launch.Argv[0]}\": {new System.ComponentModel.Win32Exception(errno).Message}: unknown");
}
