using Podvisor.Runtime.Cri;
using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Cli.Run;

/// <summary>The runtime <c>run</c> or <c>serve</c> uses, from the flags and their environment equivalents.</summary>
/// <param name="Endpoint">A CRI runtime that is already running (<c>--container-runtime-endpoint</c>); null starts podvisor's own containerd.</param>
/// <param name="Mirrors">Registry mirrors for podvisor's own containerd.</param>
internal sealed record RuntimeSelection(RuntimeKind Kind, CriEndpoint? Endpoint, IReadOnlyList<RegistryMirror> Mirrors)
{
    /// <summary>The process runtime's log rotation (<c>--container-log-max-size</c>/<c>-files</c>); null keeps the kubelet's defaults.</summary>
    public Podvisor.Runtime.Processes.Logging.LogRotationPolicy? LogRotation { get; init; }

    public static RuntimeSelection Default { get; } = new(RuntimeKind.Process, null, []);
}
