using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>
/// A runtime, a temporary directory and a line recorder per test. Disposing it disposes the runtime,
/// which SIGKILLs and reaps every process the test started, even when the test failed.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    /// <summary>An upper bound only: tests wait on observables and finish long before.</summary>
    public static readonly TimeSpan UpperBound = TimeSpan.FromSeconds(10);

    public static readonly KeyValuePair<string, string> Path = new("PATH", "/usr/local/bin:/usr/bin:/bin");

    public Harness(ProcessRuntimeOptions? options = null, TimeProvider? time = null)
    {
        // Not under /tmp: containers get a private /tmp, so a working directory there would be invisible to them.
        Directory = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(OutsideTmp, "podvisor-runtime-tests-" + Guid.NewGuid().ToString("N"))).FullName;
        Runtime = new ProcessContainerRuntime(time ?? TimeProvider.System, options);
    }

    /// <summary>A host directory for test files that containers must see, outside the /tmp they get privately.</summary>
    public static string OutsideTmp => "/var/tmp";

    public ProcessContainerRuntime Runtime { get; }

    public string Directory { get; }

    public LineRecorder Lines { get; } = new();

    public string LogPath => System.IO.Path.Combine(Directory, "logs", "c", "0.log");

    public ContainerLaunch Launch(
        IReadOnlyList<string> argv,
        IReadOnlyList<KeyValuePair<string, string>>? environment = null,
        string? workingDirectory = null,
        IReadOnlyList<ContainerMount>? mounts = null) =>
        new(
            ContainerId: new string('a', 64),
            PodNamespace: "default",
            PodName: "p",
            PodUid: "uid",
            ContainerName: "c",
            Argv: argv,
            Environment: environment ?? [Path],
            WorkingDirectory: workingDirectory,
            LogPath: LogPath,
            OnLogLine: Lines.Add,
            ScratchDirectory: Scratch(),
            Mounts: mounts);

    /// <summary>A fresh writable-state directory per instance, as the engine gives one: every test runs with a private /tmp.</summary>
    public string Scratch() => System.IO.Path.Combine(Directory, "scratch", Guid.NewGuid().ToString("N"));

    public Task<IRunningContainer> StartAsync(params string[] argv) => Runtime.StartAsync(Launch(argv), CancellationToken.None);

    /// <summary>Starts <c>sh -c script</c>.</summary>
    public Task<IRunningContainer> ShAsync(string script) => StartAsync("sh", "-c", script);

    public static Task<T> Within<T>(Task<T> task) => task.WaitAsync(UpperBound);

    public static Task Within(Task task) => task.WaitAsync(UpperBound);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
