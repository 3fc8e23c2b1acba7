using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>
/// One containerd (podvisor's own, through <see cref="CriContainerRuntime.StartContainerdAsync"/>) and one local
/// registry holding examples/images/build.sh's busybox, shared by the tests of the collection. Three registry hosts
/// are mirrored to it: docker.io, registry.k8s.io, and podvisor.test (whose images only the pull tests use). A second
/// registry serves the same storage behind htpasswd auth as private.podvisor.test (the pull secret tests).
/// </summary>
public sealed class ContainerdFixture : IAsyncLifetime
{
    public const string TestRegistryHost = "podvisor.test";

    /// <summary>The registry that asks for <see cref="PrivateUser"/>/<see cref="PrivatePassword"/>.</summary>
    public const string PrivateRegistryHost = "private.podvisor.test";

    public const string PrivateUser = "robot";

    public const string PrivatePassword = "s3cret";

    /// <summary>htpasswd's bcrypt of <see cref="PrivatePassword"/> at cost 5 (made once; a low cost keeps each auth check fast).</summary>
    private const string PrivateHtpasswd = "robot:$2b$05$UFvXMhUMExhyffTQTe69PeQMKLL.64tVu91q76SxrfwwWGw0QFS9G";

    private readonly SemaphoreSlim _buildGate = new(1, 1);
    private readonly HashSet<string> _built = [];
    private LocalRegistry? _registry;
    private LocalRegistry? _private;
    private CriContainerRuntime? _runtime;

    /// <summary>A short path: containerd's socket lives under it (unix socket paths are limited to 108 bytes).</summary>
    public string Directory { get; } = System.IO.Path.Combine("/tmp", "pvcri-" + Guid.NewGuid().ToString("N")[..8]);

    internal CriContainerRuntime Runtime => _runtime ?? throw new InvalidOperationException("the fixture did not start");

    public string Registry => _registry?.Address ?? throw new InvalidOperationException("the fixture did not start");

    internal IReadOnlyList<RegistryMirror> Mirrors =>
    [
        .. new[] { "docker.io", "registry.k8s.io", TestRegistryHost }.Select(host => new RegistryMirror(host, new Uri($"http://{Registry}"))),
        new RegistryMirror(PrivateRegistryHost, new Uri($"http://{_private?.Address ?? throw new InvalidOperationException("the fixture did not start")}")),
    ];

    public async Task InitializeAsync()
    {
        Prerequisites.Check();
        var open = System.IO.Path.Combine(Directory, "registry");
        _registry = await LocalRegistry.StartAsync(open);
        _private = await LocalRegistry.StartAsync(System.IO.Path.Combine(Directory, "private"), LocalRegistry.StorageOf(open), PrivateHtpasswd);
        var (code, output) = await ChildProcess.RunAsync(
            "bash", [System.IO.Path.Combine(RepositoryRoot.Path, "examples", "images", "build.sh"), "--only", "busybox", "--registry", Registry], TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"examples/images/build.sh failed ({code}): {output}");
        }

        _runtime = await CriContainerRuntime.StartContainerdAsync(
            new ContainerdOptions { Directory = System.IO.Path.Combine(Directory, "containerd"), Mirrors = Mirrors }, TimeProvider.System, CancellationToken.None);
    }

    /// <summary>
    /// Pushes one more of build.sh's images (<c>random-generator</c>, <c>python</c>) to the registry, once per fixture:
    /// the tests that need one ask for it, so the others do not pay for building it.
    /// </summary>
    public async Task BuildImageAsync(string image)
    {
        await _buildGate.WaitAsync();
        try
        {
            if (_built.Contains(image))
            {
                return;
            }

            var (code, output) = await ChildProcess.RunAsync(
                "bash", [System.IO.Path.Combine(RepositoryRoot.Path, "examples", "images", "build.sh"), "--only", image, "--registry", Registry], TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                throw new InvalidOperationException($"examples/images/build.sh --only {image} failed ({code}): {output}");
            }

            _built.Add(image);
        }
        finally
        {
            _buildGate.Release();
        }
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

        if (_private is not null)
        {
            await _private.DisposeAsync();
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
