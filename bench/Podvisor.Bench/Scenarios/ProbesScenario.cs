using System.Globalization;
using Podvisor.Bench.Core;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 5. Hooks and probes overhead on 100 pods: a postStart exec <c>true</c> (its cost, against the spawn floor) and an
/// httpGet readiness probe every 1 s (CPU cost per probe: podvisor's CPU with probes minus without, over the same
/// quiet window, per probe served; period drift: the gaps between one pod's probes minus 1 s).
/// Skipped, with the reason, when this podvisor warns that it does not run probes.
/// </summary>
internal sealed class ProbesScenario : IScenario
{
    private const string Scenario = "probes";
    private const int Pods = 100;

    public string Id => Scenario;

    public int Number => 5;

    public string Title => $"Hooks and probes overhead ({Pods} pods: postStart exec true, httpGet probe every 1 s)";

    public async Task RunAsync(BenchContext context)
    {
        var dir = context.Dir("probes");
        await using var target = new ProbeTarget();
        string Probed(int i) => Manifests.Pod($"probed-{i}", ["sleep", "3600"], grace: 1, extraContainerYaml:
            $"    lifecycle:\n      postStart:\n        exec:\n          command: [\"true\"]\n" +
            $"    readinessProbe:\n      httpGet: {{host: 127.0.0.1, port: {target.Port}, path: /probed-{i}}}\n      periodSeconds: 1\n");
        var probedPath = Path.Combine(dir, "probed.yaml");
        await File.WriteAllTextAsync(probedPath, Manifests.Many(Enumerable.Range(0, Pods).Select(Probed))).ConfigureAwait(false);
        var checkPath = Path.Combine(dir, "check.yaml");
        await File.WriteAllTextAsync(checkPath, Probed(0)).ConfigureAwait(false);

        var check = await Shell.Run(context.Podvisor, ["run", checkPath, "--stop-after", "0s", "--force", "--state-dir", Path.Combine(dir, "check")], timeout: TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        var warning = check.Stderr.Split('\n').FirstOrDefault(l => l.Contains("Warning:", StringComparison.Ordinal) && l.Contains("Probe", StringComparison.Ordinal));
        if (warning is not null || check.ExitCode == 2)
        {
            context.Results.Skip(Scenario, $"this podvisor does not run probes yet (issue 5): `podvisor run` says \"{(warning ?? check.Stderr.Trim().Split('\n')[0]).Trim()}\". Re-run `bench/run probes` once probes are merged.");
            return;
        }

        var window = TimeSpan.FromSeconds(context.Reps(10, 30));
        var plainPath = Path.Combine(dir, "plain.yaml");
        await File.WriteAllTextAsync(plainPath, Manifests.Many(Enumerable.Range(0, Pods).Select(i => Manifests.Pod($"plain-{i}", ["sleep", "3600"], grace: 1)))).ConfigureAwait(false);
        var (plainCpu, _) = await Window(context, plainPath, Path.Combine(dir, "plain"), window, null).ConfigureAwait(false);
        var hitsBefore = 0L;
        var (probedCpu, hooks) = await Window(context, probedPath, Path.Combine(dir, "probed"), window, () => hitsBefore = target.Hits.Values.Sum(q => q.Count)).ConfigureAwait(false);
        var probesInWindow = target.Hits.Values.Sum(q => q.Count) - hitsBefore;

        var drift = new List<double>();
        foreach (var hits in target.Hits.Values)
        {
            // The first gap follows the probe worker's random initial delay (kubelet jitter), not the period.
            var times = hits.ToArray();
            for (var k = 2; k < times.Length; k++)
            {
                drift.Add(((times[k] - times[k - 1]) / 1000.0) - 1000);
            }
        }

        context.Results.Add(new Figure(Scenario, "probes: period drift", Role.Podvisor, "podvisor", "gap between one pod's probes − 1 s", "ms", drift, $"{Pods} pods, readinessProbe httpGet periodSeconds 1, requests timed by the harness's HTTP endpoint"));
        context.Results.Add(new Figure(Scenario, Groups.PostStart, Role.Podvisor, "podvisor", "PostStartStarted → PostStartSucceeded", "ms", hooks, $"{Pods} pods started together, podvisor's ms timeline"));
        var perProbeUs = probesInWindow > 0 ? (probedCpu - plainCpu) * 1e6 / probesInWindow : double.NaN;
        context.Results.Note(Scenario, string.Create(CultureInfo.InvariantCulture,
            $"CPU of podvisor over {window.TotalSeconds:0} s: {plainCpu:0.000} s without probes, {probedCpu:0.000} s with {probesInWindow} probes served → {perProbeUs:0} µs of podvisor CPU per probe ({100 * (probedCpu - plainCpu) / window.TotalSeconds:0.0} % of a core for {Pods} probes/s)."));
    }

    /// <summary>Runs the pods, waits until all are Running, measures podvisor's CPU over the window; returns it and the postStart durations.</summary>
    private static async Task<(double Cpu, List<double> Hooks)> Window(BenchContext context, string yaml, string state, TimeSpan window, Action? atStart)
    {
        await using var run = PodvisorRun.Start(context, [yaml, "--state-dir", state]);
        static bool Running(LiveRecord l) => l.Separator == '>' && l.Content.EndsWith("→ Running", StringComparison.Ordinal);
        if (!await run.WaitForCount(Running, Pods, TimeSpan.FromSeconds(120)).ConfigureAwait(false))
        {
            throw new TimeoutException($"not all {Pods} pods Running within 120 s");
        }

        await Clock.Delay(2000).ConfigureAwait(false);
        atStart?.Invoke();
        var cpu0 = ProcStat.CpuSeconds(run.Pid);
        await Clock.Delay(window).ConfigureAwait(false);
        var cpu = ProcStat.CpuSeconds(run.Pid) - cpu0;
        var lines = run.Lines;
        var hooks = new List<double>();
        foreach (var started in lines.Where(l => l.IsStep("PostStartStarted")))
        {
            var done = lines.FirstOrDefault(l => l.Prefix == started.Prefix && l.IsStep("PostStartSucceeded"));
            if (done is not null)
            {
                hooks.Add(done.StampMs!.Value - started.StampMs!.Value);
            }
        }

        return (cpu, hooks);
    }
}
