namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What an exec needs to run in a container's own view of the filesystem.</summary>
/// <param name="Handles">The container's namespaces; null when it exited before they could be opened.</param>
/// <param name="WorkingDirectory">The container's working directory, or podvisor's when the spec gives none (what the container inherited).</param>
internal sealed record IsolatedView(MountTable Mounts, NamespaceHandles? Handles, string WorkingDirectory, string? ScratchDirectory);
