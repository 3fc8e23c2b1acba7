namespace Podvisor.Engine.Images;

/// <summary>
/// What the process runtime knows of an image: the parts of an OCI image config that decide how its
/// container starts and stops (docs/kubelet-behaviour.md §4.2 for the stop signal).
/// </summary>
/// <param name="FilesDirectory">
/// Where the image's own files live on the host (the catalog's directory, when an entry names paths
/// relative to it), or null: the runtime keeps it visible even where the container's private /tmp would hide it.
/// </param>
public sealed record ImageConfig(
    string Name,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string? WorkingDir,
    string? StopSignal,
    string? FilesDirectory = null);
