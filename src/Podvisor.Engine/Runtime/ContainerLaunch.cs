namespace Podvisor.Engine.Runtime;

/// <summary>Everything a runtime needs to start one container instance, fully resolved by the engine.</summary>
/// <param name="ContainerId">64 lowercase hex digits, unique per instance.</param>
/// <param name="Argv">The program and its arguments, after image defaults and <c>$(VAR)</c> expansion.</param>
/// <param name="Environment">The container's environment, in order; later entries win.</param>
/// <param name="LogPath">The CRI-format log file this instance writes to.</param>
/// <param name="OnLogLine">Called for every complete line the container writes, for live views.</param>
/// <param name="Mounts">Volumes to bind into the container's view, in the pod spec's order.</param>
/// <param name="ScratchDirectory">
/// A fresh, per-instance host directory for the instance's own writable state (its private <c>/tmp</c>),
/// like a container's writable layer: a restart gets a new one. Null: the instance shares the host's /tmp.
/// </param>
/// <param name="ImageDirectory">The host directory holding the image's own files, kept visible in the container's view.</param>
/// <param name="Image">
/// The container's <c>image</c> as the spec names it. An image-based runtime (CRI) runs it and applies its config itself.
/// </param>
/// <param name="Command">The spec's <c>command</c>, <c>$(VAR)</c>-expanded, as the kubelet passes CRI's <c>command</c> (empty: the image's entrypoint).</param>
/// <param name="Args">The spec's <c>args</c>, <c>$(VAR)</c>-expanded, as the kubelet passes CRI's <c>args</c> (empty: the image's cmd, unless command is set).</param>
/// <param name="Attempt">How many instances of this container ran before (CRI <c>ContainerMetadata.attempt</c>).</param>
/// <param name="StopSignal">The spec's <c>lifecycle.stopSignal</c> as written, which the kubelet passes in CRI <c>ContainerConfig.stop_signal</c>; null when unset.</param>
/// <param name="Stdin">The spec's <c>stdin</c>: the runtime keeps the container's stdin open for attaches (CRI <c>ContainerConfig.stdin</c>); otherwise it reads EOF at once.</param>
/// <param name="StdinOnce">The spec's <c>stdinOnce</c>: the container's stdin is closed when the first attach's input ends (CRI <c>ContainerConfig.stdin_once</c>).</param>
/// <param name="Tty">The spec's <c>tty</c>: a runtime with terminals gives the container one (CRI <c>ContainerConfig.tty</c>).</param>
/// <param name="Resources">The CPU and memory limits and OOM score the kubelet passes in CRI <c>LinuxContainerResources</c>; null: none worked out.</param>
public sealed record ContainerLaunch(
    string ContainerId,
    string PodNamespace,
    string PodName,
    string PodUid,
    string ContainerName,
    IReadOnlyList<string> Argv,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string? WorkingDirectory,
    string LogPath,
    Action<ContainerLogLine>? OnLogLine = null,
    IReadOnlyList<ContainerMount>? Mounts = null,
    string? ScratchDirectory = null,
    string? ImageDirectory = null,
    string? Image = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? Args = null,
    int Attempt = 0,
    string? StopSignal = null,
    bool Stdin = false,
    bool StdinOnce = false,
    bool Tty = false,
    ContainerResources? Resources = null);
