namespace Podvisor.Server.Tests.Kubectl;

/// <summary>One server and a kubectl pointed at it, shared by the tests of a class; everything is removed after.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("podvisor-serve-e2e-").FullName;
    private ServeProcess? _server;

    internal KubectlRunner Kubectl { get; private set; } = null!;

    internal ServeProcess Server => _server ?? throw new InvalidOperationException("not started");

    internal string DataDirectory => Path.Combine(_root, "data");

    internal string Home => Path.Combine(_root, "home");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        _server = await ServeProcess.StartAsync(await PodvisorExecutable.GetAsync(), DataDirectory);
        Kubectl = new KubectlRunner(_server.Kubeconfig, Home);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
