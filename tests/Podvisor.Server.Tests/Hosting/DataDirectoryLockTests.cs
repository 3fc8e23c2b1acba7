using System.Globalization;
using Podvisor.Engine.Images;
using Podvisor.Server.Hosting;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Hosting;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-lock-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ASecondServer_OnTheSameDataDir_IsRefused_NamingTheFirst()
    {
        var options = new ServerOptions { DataDirectory = _directory, Port = 0 };
        await using var first = await PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None));

        Assert.Equal(
            $"another podvisor serve (PID {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}, serving {first.Url.ToString().TrimEnd('/')}) is using the data dir {_directory}: stop it first, or pass another --data-dir",
            error.Message);
    }

    [Fact]
    public async Task TheDataDir_IsFreeAgain_OnceTheServerStopped()
    {
        var options = new ServerOptions { DataDirectory = _directory, Port = 0 };
        await (await PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None)).DisposeAsync();

        await using var second = await PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_directory, "serve.pid")));
    }

    [Fact]
    public async Task AnIpv4MappedAddress_IsAClearError()
    {
        var options = new ServerOptions { DataDirectory = _directory, Port = 0, Address = System.Net.IPAddress.Parse("::ffff:127.0.0.1") };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None));

        Assert.Equal("an IPv4-mapped IPv6 address (::ffff:127.0.0.1) cannot be listened on; use 127.0.0.1", error.Message);
    }
}
