using System.Globalization;
using System.Text.RegularExpressions;
using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 6. Restart storm: 100 pods with restartPolicy Always whose container exits 1 at once (<c>false</c>).
/// The kubelet's schedule: the first restart is immediate, then finishedAt + 10 s, + 20 s, … (docs/kubelet-behaviour.md §5.2). Lateness of
/// each restart = next ContainerSpawned − (ContainerExited + back-off), from podvisor's ms timeline.
/// </summary>
internal sealed partial class RestartScenario : IScenario
{
    private const string Scenario = "restart";
    private const int Pods = 100;
    private static readonly string[] Crash = ["false"];

    public string Id => Scenario;

    public int Number => 6;

    public string Title => $"Restart storm: {Pods} containers exiting at once, restartPolicy Always";

    public async Task RunAsync(BenchContext context)
    {
        // Quick: up to the 10 s back-off; full: also the 20 s one.
        var backOffs = context.Reps(1, 2);
        var attempts = backOffs + 1;
        var dir = context.Dir("restart");
        var yamlPath = Path.Combine(dir, "pods.yaml");
        await File.WriteAllTextAsync(yamlPath, Manifests.Many(Enumerable.Range(0, Pods).Select(i => Manifests.Pod($"crash-{i}", ["false"], restartPolicy: "Always", grace: 1)))).ConfigureAwait(false);
        await using var run = PodvisorRun.Start(context, [yamlPath, "--state-dir", Path.Combine(dir, "state")]);
        var target = $"attempt {attempts}";
        var timeout = TimeSpan.FromSeconds(60 + (30 * backOffs));
        if (!await run.WaitForCount(l => l.IsStep("ContainerSpawned") && l.Content.EndsWith(target, StringComparison.Ordinal), Pods, timeout).ConfigureAwait(false))
        {
            context.Results.Note(Scenario, $"not every container reached {target} within {timeout.TotalSeconds:0} s; figures cover what happened");
        }

        var cpu = ProcStat.CpuSeconds(run.Pid);
        var wall = Clock.MsSince(run.StartUs);
        run.Interrupt();
        await run.WaitExit(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        // The kubelet's rule is restart at finishedAt + back-off. finishedAt is when the runtime reaped the exit; the
        // BackOff step states the instant it will restart at ("10s, restart at <ISO>"), so lateness is measured
        // against that, and the lag between finishedAt and the worker handling the exit is shown on its own.
        List<double> immediate = [], late10 = [], late20 = [], exitLag = [];
        var lines = run.Lines;
        foreach (var pod in lines.Where(l => l.Container is not null).Select(l => l.Pod).Distinct())
        {
            var steps = lines.Where(l => l.Pod == pod && l.Container is not null && (l.IsStep("ContainerSpawned") || l.IsStep("ContainerExited") || l.IsStep("BackOff"))).ToList();
            for (var k = 0; k < steps.Count - 1; k++)
            {
                if (steps[k].IsStep("ContainerExited") && steps[k + 1].IsStep("ContainerSpawned"))
                {
                    immediate.Add(steps[k + 1].StampMs!.Value - steps[k].StampMs!.Value);
                }

                if (!steps[k].IsStep("BackOff") || !steps[k + 1].IsStep("ContainerSpawned"))
                {
                    continue;
                }

                var match = BackOffPattern().Match(steps[k].Content);
                var backOff = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000;
                var untilUs = Clock.ToUs(DateTimeOffset.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
                var lateness = (run.AbsoluteUs(steps[k + 1]) - untilUs) / 1000.0;
                (backOff == 10_000 ? late10 : late20).Add(lateness);
                var exited = steps.Take(k).LastOrDefault(l => l.IsStep("ContainerExited"));
                if (exited is not null)
                {
                    exitLag.Add((run.AbsoluteUs(exited) - (untilUs - (long)(backOff * 1000))) / 1000.0);
                }
            }
        }

        const string how = "podvisor's timeline: ContainerSpawned − the BackOff step's \"restart at\" (= finishedAt + back-off)";
        context.Results.Add(new Figure(Scenario, "restart storm: first restart (kubelet: immediate)", Role.Podvisor, "podvisor", "ContainerExited → ContainerSpawned, no back-off", "ms", immediate, "podvisor's ms timeline"));
        context.Results.Add(new Figure(Scenario, Groups.RestartLateness, Role.Podvisor, "podvisor", "after the 10 s back-off: respawn − (finishedAt + 10 s)", "ms", late10, how));
        if (backOffs >= 2)
        {
            context.Results.Add(new Figure(Scenario, Groups.RestartLateness, Role.Podvisor, "podvisor", "after the 20 s back-off: respawn − (finishedAt + 20 s)", "ms", late20, how));
        }

        context.Results.Add(new Figure(Scenario, "restart storm: exit handling under the storm", Role.Podvisor, "podvisor", "ContainerExited reported − finishedAt (100 exits at once)", "ms", exitLag, "timeline stamp of the exit − the finishedAt implied by the BackOff step"));
        context.Results.Note(Scenario, $"podvisor CPU over the storm: {cpu:0.00} s in {wall / 1000:0.0} s ({100 * cpu / (wall / 1000):0.0} % of one core), {lines.Count(l => l.IsStep("ContainerSpawned"))} spawns.");
        if (Supervisord.Available)
        {
            await SupervisordStorm(context).ConfigureAwait(false);
        }

        if (context.PodmanDir is { } store)
        {
            await PodmanStorm(context, new Podman(store), store).ConfigureAwait(false);
        }
    }

    /// <summary>podman kube play of one pod with 10 crashing containers, restartPolicy Always: its died → start gaps (events log).</summary>
    private static async Task PodmanStorm(BenchContext context, Podman podman, string store)
    {
        const int containers = 10;
        var dir = context.Dir("restart-podman");
        var yamlPath = Path.Combine(dir, "pod.yaml");
        await File.WriteAllTextAsync(yamlPath, Podman.PodYaml("bench-storm", dir, Enumerable.Range(0, containers).Select(i => ($"c{i}", Crash)), restartPolicy: "Always")).ConfigureAwait(false);
        await podman.RemoveAllPods().ConfigureAwait(false);
        var window = TimeSpan.FromSeconds(context.Reps(8, 20));
        var since = Clock.NowUs();
        (await podman.Run("kube", "play", yamlPath).ConfigureAwait(false)).Check("podman kube play");
        await Clock.Delay(window).ConfigureAwait(false);
        await podman.Run("kube", "down", yamlPath).ConfigureAwait(false);
        await podman.RemoveAllPods().ConfigureAwait(false); // kube down can leave a restarting pod behind

        var died = new Dictionary<string, long>();
        var gaps = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(store, "events.log")))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var root = json.RootElement;
            if (!root.TryGetProperty("Name", out var nameProperty) || !root.TryGetProperty("Time", out var time) || !root.TryGetProperty("Status", out var status))
            {
                continue;
            }

            var name = nameProperty.GetString() ?? string.Empty;
            var at = Clock.ToUs(DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture));
            if (at < since || !name.StartsWith("bench-storm-c", StringComparison.Ordinal))
            {
                continue;
            }

            switch (status.GetString())
            {
                case "died": died[name] = at; break;
                case "start" when died.Remove(name, out var death): gaps.Add((at - death) / 1000.0); break;
                default: break;
            }
        }

        context.Results.Add(new Figure(Scenario, "restart storm: first restart (kubelet: immediate)", Role.Peer, "podman", "died → start (every time: no CrashLoopBackOff)", "ms", gaps,
            $"one pod, {containers} containers `false`, restartPolicy Always, {window.TotalSeconds:0} s; from podman's events log"));
        context.Results.Note(Scenario, $"podman restarted {gaps.Count} times in {window.TotalSeconds:0} s ({gaps.Count / (double)containers:0} per container): no back-off either.");
    }

    /// <summary>supervisord with the same 100 crashing programs: it has no back-off after a successful start, so this is its exit → respawn gap.</summary>
    private static async Task SupervisordStorm(BenchContext context)
    {
        var dir = context.Dir("restart-supervisord");
        var programs = Enumerable.Range(0, Pods).Select(i => SupervisordProgram.Of($"crash{i}", "false", ("startsecs", "0"), ("autorestart", "true"), ("startretries", "1000")));
        var window = TimeSpan.FromSeconds(context.Reps(8, 20));
        await using (var supervisord = await Supervisord.Start(dir, programs).ConfigureAwait(false))
        {
            await Clock.Delay(window).ConfigureAwait(false);
            await supervisord.Rpc.Call("supervisor.stopAllProcesses", true).ConfigureAwait(false);
        }

        var exitedAt = new Dictionary<string, long>();
        var gaps = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "supervisord.log")))
        {
            var match = SupervisordLogPattern().Match(line);
            if (!match.Success || Supervisord.LogTimeUs(line) is not { } at)
            {
                continue;
            }

            var name = match.Groups[2].Value;
            if (match.Groups[1].Value == "exited")
            {
                exitedAt[name] = at;
            }
            else if (exitedAt.Remove(name, out var exited))
            {
                gaps.Add((at - exited) / 1000.0);
            }
        }

        context.Results.Add(new Figure(Scenario, "restart storm: first restart (kubelet: immediate)", Role.Peer, "supervisord", "exit → respawn (every time: no back-off after a successful start)", "ms", gaps,
            $"{Pods} programs `false`, startsecs=0, autorestart=true, {window.TotalSeconds:0} s; from its log (ms)"));
        context.Results.Note(Scenario, $"supervisord respawned {gaps.Count} times in {window.TotalSeconds:0} s ({gaps.Count / (double)Pods:0} per program): a tight loop with no back-off, where the kubelet (and podvisor) wait 10 s, 20 s, 40 s, ….");
    }

    [GeneratedRegex(@"(exited|spawned): '?(crash\d+)'? ")]
    private static partial Regex SupervisordLogPattern();

    [GeneratedRegex(@"^BackOff (\d+)s, restart at (\S+)")]
    private static partial Regex BackOffPattern();
}
