using k8s;
using k8s.Models;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>An engine on real time over the fixture's CRI runtime, recording what it reports; disposing it kills its pods.</summary>
internal sealed class CriEngine : IAsyncDisposable
{
    public CriEngine(ContainerdFixture fixture, Podvisor.Engine.Config.IConfigSource? configs = null)
    {
        StateDirectory = Path.Combine(fixture.Directory, "engine-" + Guid.NewGuid().ToString("N")[..8]);
        Engine = new PodEngine(fixture.Runtime, ImageCatalog.Empty, Observer, new EngineOptions { NodeName = "node1", StateDirectory = StateDirectory }, TimeProvider.System, configs: configs);
    }

    public string StateDirectory { get; }

    public RecordingObserver Observer { get; } = new();

    public PodEngine Engine { get; }

    public V1Pod Admit(string yaml)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        pod.Metadata.NamespaceProperty ??= "default";
        pod.Metadata.Uid ??= Guid.NewGuid().ToString();
        pod.Spec.RestartPolicy ??= "Always";
        pod.Spec.TerminationGracePeriodSeconds ??= 30;
        foreach (var container in pod.Spec.Containers)
        {
            container.ImagePullPolicy ??= "IfNotPresent";
            container.TerminationMessagePath ??= "/dev/termination-log";
            container.TerminationMessagePolicy ??= "File";
        }

        Engine.Admit(pod);
        return pod;
    }

    public V1Pod? Pod(string name) => Observer.Statuses.LastOrDefault(p => p.Metadata.Name == name);

    public V1ContainerStatus? Container(string pod, string container) =>
        (Pod(pod)?.Status?.ContainerStatuses ?? []).FirstOrDefault(s => s.Name == container);

    public IReadOnlyList<Corev1Event> EventsOf(string pod) => [.. Observer.Events.Where(e => e.InvolvedObject.Name == pod)];

    public Task WaitForAsync(Func<CriEngine, bool> condition, TimeSpan timeout) => Observer.WaitForAsync(_ => condition(this), timeout);

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();
}
