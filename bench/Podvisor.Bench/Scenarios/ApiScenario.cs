using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 7. The API (<c>podvisor serve</c>, own data dir, a free loopback port), with the official KubernetesClient and the
/// kubeconfig serve writes: create → Running seen on a watch, one pod at a time; then issue 17 goal 4: 1000 pods created
/// through the API until all are seen Running on a watch, the latency of listing them, and 100 concurrent watchers
/// each counting every event of a further batch of creates (<see cref="ApiFanOut"/>). Everything is deleted and serve
/// stopped with SIGTERM at the end, or killed with its children if it does not go.
/// </summary>
internal sealed class ApiScenario : IScenario
{
    private const string Scenario = "api";

    /// <summary>Goal 4's count of pods created through the API, in quick mode too.</summary>
    public const int ManyPods = 1000;

    public const string GroupAllRunning = "API: 1000 pods created → all Running seen on a watch, per pod";
    public const string GroupList = "API: list 1000 pods (JSON)";
    public const string GroupFanOut = "API: 100 watchers, delivery lateness behind the first watcher";
    public const string GroupServeCpu = "API: serve's CPU time per phase";

    public string Id => Scenario;

    public int Number => 7;

    public string Title => "API: create → Running on a watch; 1000 pods, list, 100 watchers (podvisor serve)";

    public async Task RunAsync(BenchContext context)
    {
        var dir = context.Dir("api");
        var info = new ProcessStartInfo(context.Podvisor) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "serve", "--data-dir", dir, "--port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        using var serve = Process.Start(info)!;
        serve.OutputDataReceived += (_, _) => { };
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            if (!await Clock.Until(() => File.Exists(kubeconfig), TimeSpan.FromSeconds(60), 20).ConfigureAwait(false))
            {
                context.Results.Note(Scenario, "podvisor serve wrote no kubeconfig within 60 s");
                return;
            }

            await Clock.Delay(500).ConfigureAwait(false);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);

            // The client's default 100 s request timeout would end the long watches of the 1000-pod phase.
            config.HttpClientTimeout = TimeSpan.FromMinutes(30);
            using var client = new Kubernetes(config);
            await Measure(context, client, serve.Id).ConfigureAwait(false);
        }
        finally
        {
            var t0 = Clock.NowUs();
            Native.Signal(serve.Id, Native.SIGTERM);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await serve.WaitForExitAsync(bound.Token).ConfigureAwait(false);
                context.Results.Note(Scenario, $"podvisor serve stopped {Clock.MsSince(t0) / 1000:0.0} s after SIGTERM (exit code {serve.ExitCode}).");
            }
            catch (OperationCanceledException)
            {
                serve.Kill(entireProcessTree: true);
                context.Results.Note(Scenario, "podvisor serve did not stop within 120 s of SIGTERM: killed with its process tree.");
            }
        }
    }

    /// <summary>A one-container pod running the scale payload (<c>probe wait</c>: exits on SIGTERM), labelled by phase.</summary>
    public static V1Pod Pod(BenchContext context, string name, string phase) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["bench"] = phase } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "c", Image = "bench", Command = [context.Probe, "wait"] }],
        },
    };

    private static async Task Measure(BenchContext context, Kubernetes client, int servePid)
    {
        var running = new ConcurrentDictionary<string, long>();
        using var stopWatch = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var (_, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", cancellationToken: stopWatch.Token).ConfigureAwait(false))
            {
                if (pod.Status?.Phase == "Running")
                {
                    running.TryAdd(pod.Metadata.Name, Clock.NowUs());
                }
            }
        });

        var names = new List<string>();
        try
        {
            await OneAtATime(context, client, running, names).ConfigureAwait(false);
            var cpu = ProcStat.CpuSeconds(servePid);
            await Many(context, client, running, names).ConfigureAwait(false);
            cpu = ServeCpu(context, servePid, cpu, $"{ManyPods} creates → all Running seen on a watch: serve's CPU ÷ {ManyPods}", ManyPods, "ms/pod");
            await ListLatency(context, client).ConfigureAwait(false);
            cpu = ServeCpu(context, servePid, cpu, $"list of {ManyPods} pods: serve's CPU per list", context.Reps(20, 100) + 1, "ms");
            var clients = Environment.ProcessId;
            var clientCpu = ProcStat.CpuSeconds(clients);
            await ApiFanOut.Measure(context, client, names).ConfigureAwait(false);
            ServeCpu(context, servePid, cpu, $"{ApiFanOut.Watchers} watchers × {ApiFanOut.Batch} creates: serve's CPU for the whole phase", 1, "ms");

            // The watchers are KubernetesClient watches in this process, decoding every event: when serve sends faster than
            // they decode, the lateness behind the first watcher is theirs, which this figure shows.
            ServeCpu(context, clients, clientCpu, $"{ApiFanOut.Watchers} watchers × {ApiFanOut.Batch} creates: the harness' own CPU (the 100 watch clients) for the phase", 1, "ms");
        }
        finally
        {
            await DeleteAll(context, client, names).ConfigureAwait(false);
            await stopWatch.CancelAsync().ConfigureAwait(false);
            try
            {
                await watch.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException)
            {
            }
        }
    }

    private static async Task OneAtATime(BenchContext context, Kubernetes client, ConcurrentDictionary<string, long> running, List<string> names)
    {
        var n = context.Reps(20, 100);
        const int warmup = 2;
        var latencies = new List<double>();
        for (var i = 0; i < n + warmup; i++)
        {
            var name = $"api-{i}";
            var t0 = Clock.NowUs();
            names.Add(name);
            await client.CoreV1.CreateNamespacedPodAsync(Pod(context, name, "one"), "default").ConfigureAwait(false);
            if (await Clock.Until(() => running.ContainsKey(name), TimeSpan.FromSeconds(30), 1).ConfigureAwait(false) && i >= warmup)
            {
                latencies.Add((running[name] - t0) / 1000.0);
            }
        }

        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "API: create → Running seen on a watch", "ms", latencies, $"KubernetesClient create, then the pod's first Running on a watch opened before; {warmup} warm-up reps dropped", "daemon"));
    }

    /// <summary>
    /// The CPU time a process (serve, or the harness) spent (utime + stime) since <paramref name="before"/>, divided by <paramref name="per"/>: unlike
    /// the wall-clock figures, it hardly depends on what else the machine runs, so two builds compare on it even under load.
    /// </summary>
    private static double ServeCpu(BenchContext context, int pid, double before, string metric, int per, string unit)
    {
        var now = ProcStat.CpuSeconds(pid);
        context.Results.Add(new Figure(Scenario, GroupServeCpu, Role.Podvisor, "podvisor", metric, unit, [(now - before) * 1000 / per], "utime + stime of the process over the phase (/proc/PID/stat)"));
        return now;
    }

    /// <summary>Goal 4: 1000 creates, 8 in flight, then every pod seen Running on the watch opened before.</summary>
    private static async Task Many(BenchContext context, Kubernetes client, ConcurrentDictionary<string, long> running, List<string> names)
    {
        var many = Enumerable.Range(0, ManyPods).Select(i => $"many-{i}").ToList();
        names.AddRange(many);
        var creates = new List<double>();
        var t0 = Clock.NowUs();
        await Parallel.ForAsync(0, ManyPods, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var start = Clock.NowUs();
            await client.CoreV1.CreateNamespacedPodAsync(Pod(context, many[i], "many"), "default", cancellationToken: token).ConfigureAwait(false);
            lock (creates)
            {
                creates.Add(Clock.MsSince(start));
            }
        }).ConfigureAwait(false);
        var createWall = Clock.MsSince(t0) / 1000;
        var allRunning = await Clock.Until(() => many.All(running.ContainsKey), TimeSpan.FromSeconds(300), 50).ConfigureAwait(false);
        context.Results.Add(new Figure(Scenario, "API: many creates", Role.Podvisor, "podvisor", $"{ManyPods} creates, 8 in flight: each create's round trip", "ms", creates, "KubernetesClient CreateNamespacedPod"));
        if (!allRunning)
        {
            context.Results.Note(Scenario, $"{ManyPods} creates took {createWall:0.0} s; only {many.Count(running.ContainsKey)} of {ManyPods} seen Running on the watch within 300 s.");
            return;
        }

        var last = many.Max(n => running[n]);
        var total = (last - t0) / 1000.0;
        context.Results.Add(new Figure(Scenario, GroupAllRunning, Role.Podvisor, "podvisor", $"{ManyPods} pods: first create sent → last Running seen on the watch, ÷ {ManyPods}", "ms/pod", [total / ManyPods], "KubernetesClient, 8 creates in flight, one watch on the namespace opened before"));
        context.Results.Note(Scenario, $"{ManyPods} creates took {createWall:0.0} s ({ManyPods / createWall:0} creates/s); all {ManyPods} seen Running on the watch {total / 1000:0.0} s after the first create ({total / ManyPods:0.00} ms per pod).");
    }

    /// <summary>Goal 4: listing the 1000 pods (a label selector keeps the one-at-a-time pods out) as a client does.</summary>
    private static async Task ListLatency(BenchContext context, Kubernetes client)
    {
        var lists = context.Reps(20, 100);
        var samples = new List<double>();
        var counted = 0;
        for (var i = 0; i < lists + 1; i++)
        {
            var t0 = Clock.NowUs();
            var list = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "bench=many").ConfigureAwait(false);
            var ms = Clock.MsSince(t0);
            counted = list.Items.Count;
            if (i > 0)
            {
                samples.Add(ms);
            }
        }

        context.Results.Add(new Figure(Scenario, GroupList, Role.Podvisor, "podvisor", $"list of {counted} pods: request sent → list deserialized", "ms", samples,
            "KubernetesClient ListNamespacedPod (JSON), labelSelector bench=many, one after another; the first list dropped as a warm-up"));
    }

    private static async Task DeleteAll(BenchContext context, Kubernetes client, List<string> names)
    {
        var t0 = Clock.NowUs();
        var failed = 0;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, token) =>
        {
            try
            {
                await client.CoreV1.DeleteNamespacedPodAsync(name, "default", gracePeriodSeconds: 0, cancellationToken: token).ConfigureAwait(false);
            }
            catch (k8s.Autorest.HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
            catch (Exception exception) when (exception is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
        }).ConfigureAwait(false);
        context.Results.Note(Scenario, $"{names.Count} deletes (grace 0, 8 in flight) took {Clock.MsSince(t0) / 1000:0.0} s" + (failed > 0 ? $"; {failed} failed" : string.Empty) + ".");
    }
}
