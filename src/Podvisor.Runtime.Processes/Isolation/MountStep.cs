namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>One recursive bind the setup makes, in the container's new mount namespace.</summary>
/// <param name="Target">Where it is bound: the container path, or, for a nested mount, its place inside the outer mount's host source.</param>
/// <param name="ContainerPath">Where the container sees it, for messages.</param>
internal sealed record MountStep(string Source, string Target, string ContainerPath, bool ReadOnly);
