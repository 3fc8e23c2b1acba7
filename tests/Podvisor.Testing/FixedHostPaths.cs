using Podvisor.Engine.Volumes;

namespace Podvisor.Testing;

/// <summary>A host whose every path is of one kind: what a runtime that stats the host would report.</summary>
internal sealed class FixedHostPaths(HostPathKind kind) : IHostPaths
{
    public HostPathKind KindOf(string path) => kind;
}
