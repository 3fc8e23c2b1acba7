namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>How podvisor runs its own containerd.</summary>
internal sealed class ContainerdOptions
{
    /// <summary>Everything containerd keeps (root, state, socket, runc state, CNI dirs, logs) lives under it.</summary>
    public required string Directory { get; init; }

    public IReadOnlyList<RegistryMirror> Mirrors { get; init; } = [];

    /// <summary>How long containerd may take to answer CRI's Version (about 0.2 s seen; a cold disk is slower).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
