using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// Goal 4's watch fan-out: 100 concurrent watches (KubernetesClient, each its own connection, all from the
/// resourceVersion of one list so a late connection still gets every event by replay), then a batch of 100 creates.
/// Every watcher records each event (type, pod, resourceVersion) with its arrival time; once every watcher has seen
/// every pod Running (and one quiet second more for the events that follow), they are compared: did each see the
/// union of all events, and how far behind the first watcher did each event reach the others.
/// </summary>
internal static class ApiFanOut
{
    public const int Watchers = 100;
    public const int Batch = 100;

    public static async Task Measure(BenchContext context, Kubernetes client, List<string> names)
    {
        var from = (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "bench=fanout").ConfigureAwait(false)).Metadata.ResourceVersion;
        using var stop = new CancellationTokenSource();
        var watchers = Enumerable.Range(0, Watchers).Select(_ => new Watcher()).ToList();
        var tasks = watchers.Select(w => w.Run(client, from, stop.Token)).ToList();

        var batch = Enumerable.Range(0, Batch).Select(i => $"fan-{i}").ToList();
        names.AddRange(batch);
        var sent = new ConcurrentDictionary<string, long>();
        await Parallel.ForAsync(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            sent[batch[i]] = Clock.NowUs();
            await client.CoreV1.CreateNamespacedPodAsync(ApiScenario.Pod(context, batch[i], "fanout"), "default", cancellationToken: token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var all = await Clock.Until(() => watchers.All(w => w.RunningCount >= Batch || w.Failure is not null), TimeSpan.FromSeconds(120), 20).ConfigureAwait(false);
        await Clock.Delay(1000).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var union = watchers.SelectMany(w => w.Events.Select(e => e.Key)).ToHashSet();
        var complete = watchers.Count(w => w.Failure is null && w.Events.Select(e => e.Key).ToHashSet().SetEquals(union));
        var duplicates = watchers.Sum(w => w.Events.Count - w.Events.Select(e => e.Key).Distinct().Count());
        var first = union.ToDictionary(k => k, _ => long.MaxValue);
        foreach (var e in watchers.SelectMany(w => w.Events))
        {
            first[e.Key] = Math.Min(first[e.Key], e.ArrivalUs);
        }

        var lateness = watchers.SelectMany(w => w.Events).Select(e => (e.ArrivalUs - first[e.Key]) / 1000.0).ToList();
        var added = watchers.SelectMany(w => w.Events).Where(e => e.Type == WatchEventType.Added && sent.ContainsKey(e.Name)).Select(e => (e.ArrivalUs - sent[e.Name]) / 1000.0).ToList();
        context.Results.Add(new Figure("api", ApiScenario.GroupFanOut, Role.Podvisor, "podvisor", $"{Watchers} watchers × {union.Count} events: arrival − the event's first arrival on any watcher", "ms", lateness,
            $"{Watchers} KubernetesClient watches (labelSelector bench=fanout, from one list's resourceVersion), {Batch} creates 8 in flight"));
        context.Results.Add(new Figure("api", "API: 100 watchers, create → ADDED on each watcher", Role.Podvisor, "podvisor", $"create request sent → ADDED arrives, each of {Watchers} watchers × {Batch} pods", "ms", added,
            "as above"));
        var failures = watchers.Where(w => w.Failure is not null).Select(w => w.Failure!).Distinct().ToList();
        context.Results.Note("api", $"Watch fan-out: {complete} of {Watchers} watchers saw every one of the {union.Count} events of {Batch} creates" +
            $" (fewest seen by one watcher: {watchers.Min(w => w.Events.Select(e => e.Key).Distinct().Count())}; duplicates: {duplicates})" +
            (all ? string.Empty : "; not every watcher saw every pod Running within 120 s") +
            (failures.Count > 0 ? $"; {watchers.Count(w => w.Failure is not null)} watches failed: {string.Join("; ", failures)}" : string.Empty) + ".");
        FanOutResult.Record(context.Results, complete, union.Count);
    }

    /// <summary>One watch connection and what it received.</summary>
    private sealed class Watcher
    {
        private readonly HashSet<string> _running = [];
        private int _runningCount;

        public List<(string Key, WatchEventType Type, string Name, long ArrivalUs)> Events { get; } = [];

        public int RunningCount => Volatile.Read(ref _runningCount);

        public string? Failure { get; private set; }

        public async Task Run(Kubernetes client, string from, CancellationToken token)
        {
            try
            {
                await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "bench=fanout", resourceVersion: from, cancellationToken: token).ConfigureAwait(false))
                {
                    var now = Clock.NowUs();
                    var name = pod.Metadata.Name;
                    Events.Add(($"{type} {name} {pod.Metadata.ResourceVersion}", type, name, now));
                    if (pod.Status?.Phase == "Running" && _running.Add(name))
                    {
                        Interlocked.Increment(ref _runningCount);
                    }
                }

                if (!token.IsCancellationRequested)
                {
                    Failure = "the server ended the watch";
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or OperationCanceledException)
            {
                Failure = $"{exception.GetType().Name}: {exception.Message}";
            }
        }
    }
}
