using Podvisor.Engine.Volumes;
using Podvisor.Server.Exec;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Exec;

/// <summary>The directory wraps the engine's runtime in serve: each optional capability of the seam passes through.</summary>
public sealed class ContainerDirectoryCapabilitiesTests
{
    [Fact]
    public async Task HostPaths_AreTheWrappedRuntimes()
    {
        var hostPaths = new FixedHostPaths(HostPathKind.Socket);
        await using var inner = new FakeContainerRuntime(TimeProvider.System) { HostPaths = hostPaths };

        var directory = new ContainerDirectory(inner);

        Assert.Same(hostPaths, directory.HostPaths);
    }

    [Fact]
    public async Task HostPaths_NoneWhenTheWrappedRuntimeHasNone()
    {
        await using var inner = new FakeContainerRuntime(TimeProvider.System);

        Assert.Null(new ContainerDirectory(inner).HostPaths);
    }
}
