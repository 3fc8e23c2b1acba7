using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 4. Scale: N one-container pods (<c>probe wait</c>: a sleep that exits on SIGTERM) in one <c>podvisor run</c>, vs one
/// supervisord with N programs: time until all are Running, RSS and CPU of the supervisor itself over a quiet window,
/// time to stop all (every process exited, pidfd), and how the cost per pod grows with N.
/// </summary>
/// <remarks>
/// The payload is not <c>sleep</c>: in podvisor's process runtime a container's process is PID 1 of its own PID
/// namespace, where the kernel drops a signal the process has no handler for, so a bare <c>sleep</c> ignores SIGTERM
/// and "stop all" would measure the grace period. The same payload runs under supervisord.
/// </remarks>
internal sealed partial class ScaleScenario : IScenario
{
    private const string Scenario = "scale";

    public string Id => Scenario;

    public int Number => 4;

    public string Title => "Scale: 1 / 10 / 100 / 1000 / 5000 pods";

    public async Task RunAsync(BenchContext context)
    {
        int[] counts = [1, 10, 100, 1000, 5000];
        var window = TimeSpan.FromSeconds(context.Reps(3, 30));
        var rows = new List<(string Tool, int N, double Running, double Stop, Steady Steady)>();
        foreach (var n in counts)
        {
            var reps = n >= 1000 ? 1 : context.Reps(1, 3);
            var tools = new List<(string Tool, Func<int, int, TimeSpan, Task<(double, double, Steady)>> Run)> { ("podvisor", (n, r, w) => Podvisor(context, n, r, w)) };
            if (Supervisord.Available)
            {
                tools.Add(("supervisord", (n, r, w) => SupervisordRun(context, n, r, w)));
            }

            foreach (var (tool, run) in tools)
            {
                List<double> running = [], stop = [], rss = [], cpu = [];
                for (var r = 0; r < reps; r++)
                {
                    double up, down;
                    Steady steady;
                    try
                    {
                        (up, down, steady) = await run(n, r, window).ConfigureAwait(false);
                    }
                    catch (PeerCannotScaleException exception)
                    {
                        context.Results.Note(Scenario, $"{tool} N={n}: {exception.Message}");
                        break;
                    }

                    running.Add(up);
                    stop.Add(down);
                    rss.Add(steady.RssMiB);
                    cpu.Add(steady.CpuPercent);
                    rows.Add((tool, n, up, down, steady));
                }

                if (running.Count == 0)
                {
                    continue;
                }

                var role = tool == "podvisor" ? Role.Podvisor : Role.Peer;
                context.Results.Add(new Figure(Scenario, $"scale N={n}: time to all Running, per pod", role, tool, $"N={n}: all Running ÷ N", "ms/pod",
                    running.Select(v => v / n).ToList(), tool == "podvisor" ? "podvisor run of N pods; start of the executable → last pod phase Running" : "supervisord -c (N programs, startsecs=0) → all RUNNING (RPC poll every 10 ms)"));
                context.Results.Add(new Figure(Scenario, $"scale N={n}: RSS at steady state", role, tool, $"N={n}: RSS of the supervisor process", "MiB", rss, $"max of 1 s samples over {window.TotalSeconds:0} s"));
                context.Results.Add(new Figure(Scenario, $"scale N={n}: CPU at steady state", role, tool, $"N={n}: CPU of the supervisor process", "% of a core", cpu, $"utime+stime over {window.TotalSeconds:0} s"));
                context.Results.Add(new Figure(Scenario, $"scale N={n}: time to stop all, per pod", role, tool, $"N={n}: all exited ÷ N", "ms/pod",
                    stop.Select(v => v / n).ToList(), tool == "podvisor" ? "SIGTERM to podvisor (graceful delete, as Ctrl-C) → every container process exited" : "RPC stopAllProcesses → every program exited"));
            }
        }

        var table = new StringBuilder("| tool | N | all Running (ms) | per pod (ms) | stop all (ms) | RSS (MiB) | RSS growth per pod vs N=1 (KiB) | CPU over the window (%) | threads |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            var baseline = rows.FirstOrDefault(r => r.Tool == row.Tool && r.N == 1).Steady?.RssMiB ?? double.NaN;
            var growth = row.N > 1 ? ((row.Steady.RssMiB - baseline) * 1024 / (row.N - 1)).ToString("0", CultureInfo.InvariantCulture) : "–";
            table.Append(CultureInfo.InvariantCulture, $"| {row.Tool} | {row.N} | {row.Running:0} | {row.Running / row.N:0.00} | {row.Stop:0} | {row.Steady.RssMiB:0.0} | {growth} | {row.Steady.CpuPercent:0.00} | {row.Steady.Threads} |\n");
        }

        // Is it linear? The marginal cost of one more pod between consecutive counts (medians of the runs).
        var marginal = new StringBuilder();
        foreach (var tool in rows.Select(r => r.Tool).Distinct())
        {
            var byCount = counts.Select(n => (N: n, Up: rows.Where(r => r.Tool == tool && r.N == n).Select(r => r.Running).DefaultIfEmpty(double.NaN).Order().ElementAt(rows.Count(r => r.Tool == tool && r.N == n) / 2),
                Rss: rows.Where(r => r.Tool == tool && r.N == n).Select(r => r.Steady.RssMiB).DefaultIfEmpty(double.NaN).Max())).ToList();
            var steps = byCount.Zip(byCount.Skip(1), (a, b) => string.Create(CultureInfo.InvariantCulture,
                $"{a.N}→{b.N}: {(b.Up - a.Up) / (b.N - a.N):0.00} ms and {(b.Rss - a.Rss) * 1024 / (b.N - a.N):0} KiB per extra pod"));
            marginal.Append(CultureInfo.InvariantCulture, $"{tool}: {string.Join("; ", steps)}. ");
        }

        context.Results.Note(Scenario, "Marginal cost (time to all Running, RSS): " + marginal.ToString().Trim());
        context.Results.Note(Scenario, $"Per run (steady window {window.TotalSeconds:0} s, starting {(context.Quick ? 1 : 2)} s after all Running; RSS = max of 1 s samples of the supervisor process alone):\n\n{table}");
    }

    private static async Task<(double, double, Steady)> Podvisor(BenchContext context, int n, int rep, TimeSpan window)
    {
        var dir = context.Dir($"scale-podvisor-{n}-{rep}");
        var yamlPath = Path.Combine(dir, "pods.yaml");
        await File.WriteAllTextAsync(yamlPath, Manifests.Many(Enumerable.Range(0, n).Select(i => Manifests.Pod($"wait-{i}", [context.Probe, "wait"], grace: 5)))).ConfigureAwait(false);
        await using var run = PodvisorRun.Start(context, [yamlPath, "--state-dir", Path.Combine(dir, "state")]);
        static bool Running(LiveRecord l) => l.Separator == '>' && l.Content.EndsWith("→ Running", StringComparison.Ordinal);
        static bool Failed(LiveRecord l) => l.Separator == '>' && l.Content.EndsWith("→ Failed", StringComparison.Ordinal);
        // 300 s, or 0.2 s a pod: on a loaded machine (spawn floor 24× its idle figure) 5000 pods need more than 300 s.
        var bound = TimeSpan.FromSeconds(Math.Max(300, n * 0.2));
        // Answered as the lines arrive (PodvisorRun's remarks): a poll over every line grew with N on podvisor's cores.
        var allRunning = run.WaitForCount(Running, n, bound);
        var failed = run.WaitFor(Failed, bound);
        await Task.WhenAny(allRunning, failed, run.Process.WaitForExitAsync()).ConfigureAwait(false);
        if (run.Lines.Count(Running) < n)
        {
            // A pod that failed to start will never be Running: say why (the first warning) rather than wait out the bound.
            // Each way of ending short says which it was (a time-out was once reported as "a pod Failed").
            var why = run.Lines.FirstOrDefault(l => l.Content.Contains("Warning Failed", StringComparison.Ordinal))?.Content;
            var ending = run.Lines.Any(Failed) ? $"then a pod Failed: {why ?? "no Failed event"}"
                : run.Process.HasExited ? $"then podvisor exited (code {run.Process.ExitCode})"
                : $"the rest not within {bound.TotalSeconds:0} s";
            throw new PeerCannotScaleException($"podvisor: {run.Lines.Count(Running)} of {n} pods Running, {ending}");
        }

        var last = run.AbsoluteUs(run.Lines.Where(Running).MaxBy(l => l.StampMs)!);
        var up = (last - run.StartUs) / 1000.0;
        await Clock.Delay(context.Quick ? 1000 : 2000).ConfigureAwait(false);
        var steady = await Steady.Measure(run.Pid, window).ConfigureAwait(false);
        var pids = run.Lines.Where(l => l.IsStep("ContainerSpawned")).Select(l => int.Parse(PidPattern().Match(l.Content).Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var exited = Native.WhenAllExited(pids, TimeSpan.FromSeconds(120));
        var t0 = Clock.NowUs();
        run.Interrupt();
        var deaths = await exited.ConfigureAwait(false);
        var lastDeath = deaths.Max(d => d ?? Clock.NowUs());
        var down = (lastDeath - t0) / 1000.0;
        var code = await run.WaitExit(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        var end = Clock.NowUs();
        // podvisor's own end (every pod removed, the summary printed): how long after the last container died.
        context.Results.Note(Scenario, string.Create(CultureInfo.InvariantCulture,
            $"podvisor N={n}: SIGTERM → exit {(end - t0) / 1e6:0.00} s, {(end - lastDeath) / 1e6:0.00} s after the last container died (exit code {code})"));
        return (up, down, steady);
    }

    private static async Task<(double, double, Steady)> SupervisordRun(BenchContext context, int n, int rep, TimeSpan window)
    {
        var dir = context.Dir($"scale-supervisord-{n}-{rep}");
        var programs = Enumerable.Range(0, n).Select(i => SupervisordProgram.Of($"wait{i}", $"{context.Probe} wait", ("startsecs", "0"), ("autorestart", "false")));
        var t0 = Clock.NowUs();
        Supervisord started;
        try
        {
            started = await Supervisord.Start(dir, programs).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or TaskCanceledException)
        {
            // Busy spawning N programs on a loaded machine, it may not answer its socket within the bound (nor the
            // shutdown call that follows, whose HttpClient time-out is a TaskCanceledException: 5000 programs, 00:31 UTC).
            throw new PeerCannotScaleException($"supervisord: {exception.Message}");
        }

        await using var supervisord = started;
        var all = false;
        while (!all && Clock.MsSince(t0) < 300_000)
        {
            var info = await supervisord.AllInfo().ConfigureAwait(false);
            all = info.Count == n && info.All(i => (string?)i["statename"] == "RUNNING");
            var failed = info.Where(i => (string?)i["statename"] is "FATAL" or "BACKOFF").ToList();
            if (failed.Count > 0)
            {
                // startsecs=0, autorestart=false: a program that failed to spawn never becomes RUNNING; waiting would only
                // run into the 300 s bound. Say why instead (at 5000 programs it is the file-descriptor limit).
                throw new PeerCannotScaleException($"{failed.Count} of {n} programs failed to start ({(string?)failed[0]["statename"]}: {(string?)failed[0]["spawnerr"]}); " +
                    $"minfds={Supervisord.MinFds} (the hard RLIMIT_NOFILE)");
            }

            if (!all)
            {
                await Clock.Delay(10).ConfigureAwait(false);
            }
        }

        var up = Clock.MsSince(t0);
        await Clock.Delay(context.Quick ? 1000 : 2000).ConfigureAwait(false);
        var steady = await Steady.Measure(supervisord.Pid, window).ConfigureAwait(false);
        var pids = (await supervisord.AllInfo().ConfigureAwait(false)).Select(i => (int)i["pid"]!).ToList();
        var exited = Native.WhenAllExited(pids, TimeSpan.FromSeconds(120));
        var t1 = Clock.NowUs();
        await supervisord.Rpc.Call("supervisor.stopAllProcesses", false).ConfigureAwait(false);
        var deaths = await exited.ConfigureAwait(false);
        var down = (deaths.Max(d => d ?? Clock.NowUs()) - t1) / 1000.0;
        return (up, down, steady);
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex PidPattern();
}
