using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>One busybox container in a sandbox of its own on the fixture's containerd, for tests that drive the runtime directly.</summary>
internal sealed class BusyboxContainer : IAsyncDisposable
{
    public const string Image = "registry.k8s.io/busybox:1.27.2";

    private readonly IPodSandbox _sandbox;

    private BusyboxContainer(IPodSandbox sandbox, IRunningContainer container, string logDirectory)
    {
        _sandbox = sandbox;
        Container = container;
        LogDirectory = logDirectory;
    }

    public IRunningContainer Container { get; }

    /// <summary>The pod's log directory, removed with the container.</summary>
    public string LogDirectory { get; }

    /// <summary>On the fixture's containerd, with the pod's logs under the fixture's directory.</summary>
    public static Task<BusyboxContainer> StartAsync(
        ContainerdFixture fixture, string pod, IReadOnlyList<string> command, Action<ContainerLogLine> onLogLine, bool stdin = false, bool tty = false) =>
        StartAsync(fixture.Runtime, Path.Combine(fixture.Directory, pod + "-" + Guid.NewGuid().ToString("N")[..6]), pod, command, onLogLine, stdin, tty);

    /// <summary>Pulls the image if needed, runs a sandbox named <paramref name="pod"/> and starts <paramref name="command"/> in it.</summary>
    public static async Task<BusyboxContainer> StartAsync(
        CriContainerRuntime runtime, string logs, string pod, IReadOnlyList<string> command, Action<ContainerLogLine> onLogLine, bool stdin = false, bool tty = false)
    {
        await runtime.PullImageAsync(Image, null, CancellationToken.None);
        var uid = Guid.NewGuid().ToString();
        var sandbox = await runtime.RunPodSandboxAsync(new PodSandboxConfig("default", pod, uid, logs, ShareProcessNamespace: false), CancellationToken.None);
        var launch = new ContainerLaunch(
            ContainerId: Guid.NewGuid().ToString("N"),
            PodNamespace: "default",
            PodName: pod,
            PodUid: uid,
            ContainerName: "app",
            Argv: [],
            Environment: [],
            WorkingDirectory: null,
            LogPath: Path.Combine(logs, "app", "0.log"),
            OnLogLine: onLogLine,
            Image: Image,
            Command: command,
            Stdin: stdin,
            Tty: tty);
        try
        {
            return new BusyboxContainer(sandbox, await sandbox.StartContainerAsync(launch, CancellationToken.None), logs);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Container.DisposeAsync();
        await _sandbox.DisposeAsync();
        try
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: scratch space.
        }
    }
}
