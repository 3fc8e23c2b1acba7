using System.Collections.Concurrent;
using k8s.Models;
using Podvisor.Bench.Core;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Bench.Tools;

/// <summary>An in-process engine observer that records, per pod, the wall-clock µs each timeline step was reported.</summary>
internal sealed class EngineProbe : IEngineObserver
{
    private readonly ConcurrentDictionary<(string Pod, TimelineStep Step), TaskCompletionSource<long>> _steps = new();

    public Task<long> When(string pod, TimelineStep step) =>
        _steps.GetOrAdd((pod, step), _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void OnTimeline(TimelineEntry entry)
    {
        var now = Clock.NowUs();
        _steps.GetOrAdd((entry.PodName, entry.Step), _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
    }

    public void OnPodStatus(V1Pod pod)
    {
    }

    public void OnEvent(Corev1Event @event)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }
}
