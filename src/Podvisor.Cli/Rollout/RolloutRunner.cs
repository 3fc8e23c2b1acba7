using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Cli.Run;
using Podvisor.Cli.Workloads;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Rollout;

/// <summary>
/// The verdict's sequence: wait until every Deployment is available (<c>kubectl rollout status</c>'s rule) and the
/// Service answers; send steady load through it; restart each Deployment in turn as <c>kubectl rollout restart</c>
/// does and wait for its rollout to complete; keep the load a moment longer; then wait for the old pods to exit and
/// report what the requests and the old pods went through.
/// </summary>
internal sealed class RolloutRunner(
    WorkloadClient client, RolloutTarget target, RolloutOptions options, TimelineRecorder recorder, PodSnapshots snapshots, LiveView view, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task<RolloutReport> RunAsync(CancellationToken stop)
    {
        var names = target.Deployments.Select(d => d.Name).ToList();
        var service = await client.GetAsync($"api/v1/namespaces/{target.Service.Namespace}/services/{target.Service.Name}", stop).ConfigureAwait(false);
        var addresses = ServiceAddresses.Of(service);
        var address = addresses.Count > 0 ? addresses[0] : null;
        if (address is null)
        {
            return Empty("the Service has no proxied TCP port (headless, ExternalName, or no TCP port)", string.Empty);
        }

        var url = new Uri($"http://{address}/{options.Path.TrimStart('/')}");
        foreach (var deployment in target.Deployments)
        {
            if (await WaitRolledOutAsync(deployment, stop).ConfigureAwait(false) is { } problem)
            {
                return Empty($"before the restart: {problem}", url.ToString());
            }
        }

        await using var load = new LoadGenerator(url, options.Rate, time);
        if (!await WaitAnsweringAsync(load, stop).ConfigureAwait(false))
        {
            return Empty($"the Service did not answer GET {url} within {TerminationText.Seconds(options.Timeout)}", url.ToString());
        }

        view.Notice($"rollout: sending {options.Rate} requests/s to {url}; restarting {string.Join(", ", names.Select(n => "deployment/" + n))} in 1s", "bold");
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);

        var restartAt = time.GetUtcNow();
        var oldPods = snapshots.Pods.Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        string? failure = null;
        foreach (var deployment in target.Deployments)
        {
            view.Notice($"rollout: kubectl rollout restart deployment/{deployment.Name}", "bold");
            await client.PatchAsync($"apis/apps/v1/namespaces/{deployment.Namespace}/deployments/{deployment.Name}", RestartPatch.For(time.GetUtcNow()), stop).ConfigureAwait(false);
            if (await WaitRolledOutAsync(deployment, stop).ConfigureAwait(false) is { } problem)
            {
                failure = problem;
                break;
            }

            view.Notice($"rollout: deployment \"{deployment.Name}\" successfully rolled out", "green");
        }

        await Task.Delay(RolloutOptions.Settle, time, stop).ConfigureAwait(false);
        var requests = await load.StopAsync().ConfigureAwait(false);
        await WaitExitedAsync(oldPods, stop).ConfigureAwait(false);

        var timeline = recorder.Timeline;
        var signals = timeline
            .Where(e => e.Step == TimelineStep.StopSignalSent && e.At >= restartAt && oldPods.Contains(e.PodName))
            .GroupBy(e => e.PodName)
            .Select(g => new PodSignal(g.Key, g.Min(e => e.At)))
            .ToList();
        var stops = snapshots.Pods.Where(p => oldPods.Contains(p.Metadata.Name)).Select(p => StopOf(p, timeline, restartAt, signals)).ToList();
        return RolloutReport.Build(target.Service.Name, url.ToString(), names, failure, requests, restartAt, signals, stops);

        RolloutReport Empty(string problem, string where) =>
            RolloutReport.Build(target.Service.Name, where, names, problem, [], time.GetUtcNow(), [], []);
    }

    private static OldPodStop StopOf(V1Pod pod, IReadOnlyList<TimelineEntry> timeline, DateTimeOffset restartAt, IReadOnlyList<PodSignal> signals)
    {
        var name = pod.Metadata.Name;
        var signal = signals.FirstOrDefault(s => s.Pod == name);
        var terminations = PodTerminations.Of(pod, timeline);
        var termination = terminations.Count > 0 ? terminations[0].Termination : null;
        return new OldPodStop(
            name,
            signal is null ? null : signal.At - restartAt,
            termination?.StopTook,
            termination is null ? "still running when the report was made" : TerminationText.Describe(termination));
    }

    /// <summary>Null once the Deployment's rollout is complete; else why not (a progress deadline, or the timeout).</summary>
    private async Task<string?> WaitRolledOutAsync(WorkloadDocument deployment, CancellationToken stop)
    {
        var deadline = time.GetUtcNow() + options.Timeout;
        var last = string.Empty;
        while (true)
        {
            var (done, failed, message) = DeploymentRolloutStatus.Evaluate(
                await client.GetAsync($"apis/apps/v1/namespaces/{deployment.Namespace}/deployments/{deployment.Name}", stop).ConfigureAwait(false));
            if (done)
            {
                return null;
            }

            if (failed)
            {
                return message;
            }

            if (message != last)
            {
                // kubectl rollout status prints each new state the same way.
                view.Notice($"rollout: {message}", "default");
            }

            last = message;
            if (time.GetUtcNow() >= deadline)
            {
                return $"--rollout-timeout {TerminationText.Seconds(options.Timeout)} elapsed: {last}";
            }

            await Task.Delay(Poll, time, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The proxy picks up ready endpoints at its next pass: one success shows the Service is reachable.</summary>
    private async Task<bool> WaitAnsweringAsync(LoadGenerator load, CancellationToken stop)
    {
        var deadline = time.GetUtcNow() + options.Timeout;
        while (time.GetUtcNow() < deadline)
        {
            if ((await load.SendOnceAsync().ConfigureAwait(false)).Succeeded)
            {
                return true;
            }

            await Task.Delay(Poll, time, stop).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Rollout status counts a terminating pod as gone; its SIGTERM → exit is known only once it has exited.</summary>
    private async Task WaitExitedAsync(IReadOnlySet<string> oldPods, CancellationToken stop)
    {
        var deadline = time.GetUtcNow() + options.Timeout;
        while (time.GetUtcNow() < deadline)
        {
            var running = snapshots.Pods.Where(p => oldPods.Contains(p.Metadata.Name)).Any(p =>
                p.Status?.Phase is not ("Succeeded" or "Failed")
                && (p.Status?.ContainerStatuses ?? []).Any(c => c.State?.Terminated is null));
            if (!running)
            {
                return;
            }

            await Task.Delay(Poll, time, stop).ConfigureAwait(false);
        }
    }
}
