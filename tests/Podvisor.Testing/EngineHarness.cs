using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Chaos;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;

namespace Podvisor.Testing;

/// <summary>An engine over a fake runtime and fake time, with everything it reports recorded.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly string _stateDirectory;

    public EngineHarness(params ImageConfig[] images)
        : this(ChaosFaults.None, images)
    {
    }

    /// <param name="chaos">Faults the engine injects on purpose (<c>--chaos</c>).</param>
    public EngineHarness(ChaosFaults chaos, params ImageConfig[] images)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Runtime = new FakeContainerRuntime(Time);
        _stateDirectory = Path.Combine(Path.GetTempPath(), "podvisor-tests", Guid.NewGuid().ToString("N"));
        var options = new EngineOptions { NodeName = "node1", StateDirectory = _stateDirectory, Chaos = chaos };
        Engine = new PodEngine(Runtime, new StaticImageCatalog(images), Observer, options, Time, probeNetwork: Network, configs: Configs);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The ConfigMaps and Secrets pods may refer to.</summary>
    public FakeConfigSource Configs { get; } = new();

    public FakeContainerRuntime Runtime { get; }

    public RecordingObserver Observer { get; } = new();

    /// <summary>Answers the httpGet, tcpSocket and grpc probes.</summary>
    public FakeProbeNetwork Network { get; } = new();

    public PodEngine Engine { get; }

    /// <summary>Parses a pod and fills the API defaults the engine relies on.</summary>
    public static V1Pod Pod(string yaml)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        pod.Metadata.NamespaceProperty ??= "default";
        pod.Metadata.Uid ??= "00000000-0000-0000-0000-000000000001";
        pod.Spec.RestartPolicy ??= "Always";
        pod.Spec.TerminationGracePeriodSeconds ??= 30;
        return pod;
    }

    public void Admit(string yaml) => Engine.Admit(Pod(yaml));

    /// <summary>The next container the runtime starts, once the pod reports Running: how most lifecycle tests begin.</summary>
    public async Task<FakeContainer> NextRunningAsync()
    {
        var container = await Runtime.NextStartAsync();
        await Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        return container;
    }

    public V1Pod Status => Observer.LastStatus ?? throw new InvalidOperationException("no status yet");

    public V1ContainerStatus Container(string name) =>
        (Status.Status.ContainerStatuses ?? []).Concat(Status.Status.InitContainerStatuses ?? []).Single(s => s.Name == name);

    /// <summary>
    /// Waits until the published status shows this instance running. A test sees a start as soon as the runtime
    /// is called, before the worker reports it: until then the last status (and the timeline) describe the
    /// previous instance, and a condition that holds for both is met too early.
    /// </summary>
    public Task WaitForRunningAsync(FakeContainer instance) =>
        Observer.WaitForAsync(o => o.LastStatus is { } pod
            && (pod.Status.ContainerStatuses ?? []).Concat(pod.Status.InitContainerStatuses ?? [])
                .Any(s => s.ContainerID == $"podvisor://{instance.Id}" && s.State.Running is not null));

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();

        // The engine keeps what a restarted podvisor would need (the pods' volume directories); a test keeps nothing.
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}
