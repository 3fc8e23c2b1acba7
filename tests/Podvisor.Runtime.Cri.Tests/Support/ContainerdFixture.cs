using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>
/// One containerd (podvisor's own, through <see cref="CriContainerRuntime.StartContainerdAsync"/>) and one local
/// registry holding examples/images/build.sh's busybox, shared by the tests of the collection. Three registry hosts
/// are mirrored to it: docker.io, registry.k8s.io, and podvisor.test (whose images only the pull tests use).
/// </summary>
public sealed class ContainerdFixture : IAsyncLifetime
{
    public const string TestRegistryHost = "podvisor.test";

    private LocalRegistry? _registry;
    private CriContainerRuntime? _runtime;

    /// <summary>A short path: containerd's socket lives under it (unix socket paths are limited to 108 bytes).</summary>
    public string Directory { get; } = System.IO.Path.Combine("/tmp", "pvcri-" + Guid.NewGuid().ToString("N")[..8]);

    internal CriContainerRuntime Runtime => _runtime ?? throw new InvalidOperationException("the fixture did not start");

    public string Registry => _registry?.Address ?? throw new InvalidOperationException("the fixture did not start");

    internal IReadOnlyList<RegistryMirror> Mirrors => [.. new[] { "docker.io", "registry.k8s.io", TestRegistryHost }.Select(host => new RegistryMirror(host, new Uri($"http://{Registry}")))];

    public async Task InitializeAsync()
    {
        Prerequisites.Check();
        _registry = await LocalRegistry.StartAsync(System.IO.Path.Combine(Directory, "registry"));
        var (code, output) = await ChildProcess.RunAsync(
            "bash", [System.IO.Path.Combine(RepositoryRoot.Path, "examples", "images", "build.sh"), "--only", "busybox", "--registry", Registry], TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"examples/images/build.sh failed ({code}): {output}");
        }

        _runtime = await CriContainerRuntime.StartContainerdAsync(
            new ContainerdOptions { Directory = System.IO.Path.Combine(Directory, "containerd"), Mirrors = Mirrors }, TimeProvider.System, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // containerd's snapshots may still be mounted by a leak a failing test made; the guard log tells.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContainerdCollection : ICollectionFixture<ContainerdFixture>
{
    public const string Name = "containerd";
}
