namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>One recursive bind the setup makes, in the container's new mount namespace.</summary>
/// <param name="Target">Where it is bound: the container path, or, for a nested mount, its place inside the outer mount's host source.</param>
/// <param name="ContainerPath">Where the container sees it, for messages.</param>
/// <param name="Beneath">For a subPath, the volume directory <paramref name="Source"/> must be reached from without a link.</param>
internal sealed record MountStep(string Source, string Target, string ContainerPath, bool ReadOnly, string? Beneath = null);
