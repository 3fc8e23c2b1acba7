using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 7. The API (<c>podvisor serve</c>, issue 7): create → Running seen on a watch, one pod at a time, with the official
/// KubernetesClient and the kubeconfig serve writes; then N creates through the API. Skipped while serve does not exist.
/// </summary>
internal sealed class ApiScenario : IScenario
{
    private const string Scenario = "api";

    public string Id => Scenario;

    public int Number => 7;

    public string Title => "API: create → Running on a watch; many creates (podvisor serve)";

    public async Task RunAsync(BenchContext context)
    {
        var help = await Shell.Run(context.Podvisor, ["serve", "--help"], timeout: TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (help.ExitCode != 0 || !help.Stdout.Contains("--port", StringComparison.Ordinal))
        {
            context.Results.Skip(Scenario, "`podvisor serve` does not exist in this build (issue 7 is being built): nothing to measure. Re-run `bench/run api` once it is merged.");
            return;
        }

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
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            await Measure(context, client).ConfigureAwait(false);
        }
        finally
        {
            Native.Signal(serve.Id, Native.SIGTERM);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await serve.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                serve.Kill(entireProcessTree: true);
            }
        }
    }

    private static V1Pod Pod(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "c", Image = "bench", Command = ["sleep", "3600"] }],
        },
    };

    private static async Task Measure(BenchContext context, Kubernetes client)
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

        var n = context.Reps(20, 100);
        const int warmup = 2;
        var latencies = new List<double>();
        for (var i = 0; i < n + warmup; i++)
        {
            var name = $"api-{i}";
            var t0 = Clock.NowUs();
            await client.CoreV1.CreateNamespacedPodAsync(Pod(name), "default").ConfigureAwait(false);
            if (await Clock.Until(() => running.ContainsKey(name), TimeSpan.FromSeconds(30), 1).ConfigureAwait(false) && i >= warmup)
            {
                latencies.Add((running[name] - t0) / 1000.0);
            }
        }

        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "API: create → Running seen on a watch", "ms", latencies, $"KubernetesClient create, then the pod's first Running on a watch opened before; {warmup} warm-up reps dropped", "daemon"));

        var many = context.Reps(200, 1000);
        var creates = new List<double>();
        var wall = Stopwatch.StartNew();
        await Parallel.ForAsync(0, many, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var t0 = Clock.NowUs();
            await client.CoreV1.CreateNamespacedPodAsync(Pod($"many-{i}"), "default", cancellationToken: token).ConfigureAwait(false);
            lock (creates)
            {
                creates.Add(Clock.MsSince(t0));
            }
        }).ConfigureAwait(false);
        var createWall = wall.Elapsed.TotalSeconds;
        var allRunning = await Clock.Until(() => Enumerable.Range(0, many).All(i => running.ContainsKey($"many-{i}")), TimeSpan.FromSeconds(300), 50).ConfigureAwait(false);
        var allRunningWall = wall.Elapsed.TotalSeconds;
        context.Results.Add(new Figure(Scenario, "API: many creates", Role.Podvisor, "podvisor", $"{many} creates, 8 in flight: each create's round trip", "ms", creates, "KubernetesClient CreateNamespacedPod"));
        context.Results.Note(Scenario, $"{many} creates took {createWall:0.0} s ({many / createWall:0} creates/s); all Running on the watch {(allRunning ? $"after {allRunningWall:0.0} s" : "not within 300 s")}.");

        foreach (var name in running.Keys.Concat(Enumerable.Range(0, many).Select(i => $"many-{i}")).Distinct())
        {
            try
            {
                await client.CoreV1.DeleteNamespacedPodAsync(name, "default", gracePeriodSeconds: 0).ConfigureAwait(false);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }
        }

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
