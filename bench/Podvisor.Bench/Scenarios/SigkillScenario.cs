using System.Globalization;
using System.Text.RegularExpressions;
using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 3. SIGKILL lateness: a container that ignores SIGTERM (<c>probe ignterm</c>: a handler notes when SIGTERM
/// arrived and carries on), grace 2 s, while a neighbour prints a line every 1.3 s (log noise, as in bench/README.md's method) and every
/// core is kept busy by a <c>yes &gt; /dev/null</c> (<see cref="BusyNeighbour"/>, for the whole scenario, floor included).
/// Lateness = the moment the process exited (pidfd, seen by the harness) − (SIGTERM arrival + 2 s): the same
/// two instants, taken the same way, for every tool. Podvisor is measured twice: as shipped (the runtime's kill
/// thread) and with <c>PODVISOR_KILL_TIMER=engine</c> (the engine's thread-pool timer, as before issue 17).
/// </summary>
internal sealed partial class SigkillScenario : IScenario
{
    private const string Scenario = "sigkill";
    private const double GraceMs = 2000;
    private const string Noise = "while :; do echo tick; sleep 1.3; done";

    public string Id => Scenario;

    public int Number => 3;

    public string Title => "SIGKILL lateness (ignores SIGTERM, grace 2 s, log noise, both cores busy)";

    public async Task RunAsync(BenchContext context)
    {
        var n = context.Reps(20, 40);
        await using var busy = BusyNeighbour.Start(Environment.ProcessorCount);
        context.Results.Note(Scenario, $"{busy.Count} × `yes > /dev/null` kept every core busy for the whole scenario, the floor included");
        await FloorUnderLoad(context, context.Reps(50, 200)).ConfigureAwait(false);
        await PodvisorLateness(context, context.Reps(50, 100), killTimer: null).ConfigureAwait(false);
        await PodvisorLateness(context, context.Reps(20, 50), killTimer: "engine").ConfigureAwait(false);
        if (Supervisord.Available)
        {
            await SupervisordLateness(context, n).ConfigureAwait(false);
        }

        if (context.PodmanDir is { } store)
        {
            await PodmanLateness(context, new Podman(store), n).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The C floor under the same load: the waiter SCHED_FIFO and the victim raised before its kill, as podvisor's kill
    /// thread does; the waiter alone SCHED_FIFO; and plain.
    /// </summary>
    private static async Task FloorUnderLoad(BenchContext context, int n)
    {
        // Like for like first: the floor podvisor's figures are divided by.
        foreach (var mode in new[] { "rtv", "rt", string.Empty })
        {
            string[] args = mode.Length > 0 ? ["deadline", n.ToString(CultureInfo.InvariantCulture), "200", mode] : ["deadline", n.ToString(CultureInfo.InvariantCulture), "200"];
            var result = (await Shell.Run(context.Limit, args, timeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false)).Check("limit");
            var samples = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => double.Parse(line, CultureInfo.InvariantCulture) / 1000).ToList();
            context.Results.Add(new Figure(Scenario, Groups.FloorDeadlineBusy, Role.Limit, "limit (C)",
                mode switch
                {
                    "rtv" => "SIGKILL at deadline → reaped, waiter and victim SCHED_FIFO",
                    "rt" => "SIGKILL at deadline → reaped, waiter SCHED_FIFO",
                    _ => "SIGKILL at deadline → reaped",
                },
                "ms",
                samples,
                "bench/native/limit " + string.Join(' ', args)));
        }
    }

    private static async Task PodvisorLateness(BenchContext context, int n, string? killTimer)
    {
        var dir = context.Dir("sigkill-podvisor" + (killTimer is null ? string.Empty : "-" + killTimer));
        var env = killTimer is null ? null : new Dictionary<string, string> { ["PODVISOR_KILL_TIMER"] = killTimer };
        var label = killTimer is null ? string.Empty : $" (PODVISOR_KILL_TIMER={killTimer}: thread-pool timer)";
        List<double> dead = [], killSent = [], reaped = [];
        for (var i = 0; i < n; i++)
        {
            var termFile = Path.Combine(dir, $"term-{i}");
            var yamlPath = Path.Combine(dir, $"pod-{i}.yaml");
            await File.WriteAllTextAsync(yamlPath, Manifests.Many([
                Manifests.Pod("stubborn", [context.Probe, "ignterm", termFile], grace: 2),
                Manifests.Pod("noise", ["sh", "-c", Noise], grace: 2),
            ])).ConfigureAwait(false);
            await using var run = PodvisorRun.Start(context, [yamlPath, "--state-dir", Path.Combine(dir, $"state-{i}")], env);
            var spawned = await run.WaitFor(l => l.Pod == "stubborn" && l.IsStep("ContainerSpawned"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var pid = int.Parse(PidPattern().Match(spawned.Content).Groups[1].Value, CultureInfo.InvariantCulture);
            await using var watch = await DeathWatch.Start(context.Limit, pid).ConfigureAwait(false);

            // SIGTERM to podvisor (a graceful delete, as Ctrl-C) once the payload's handler is installed: a fixed
            // --stop-after could elapse before the container starts on busy cores.
            await Clock.Until(() => File.Exists(termFile + ".pid"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            run.Interrupt();
            var deadUs = await watch.Exited(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await run.WaitExit(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var termUs = FirstTerm(termFile);
            if (deadUs is null || termUs is null)
            {
                context.Results.Note(Scenario, $"podvisor{label} rep {i}: no SIGTERM seen or not dead; dropped");
                continue;
            }

            dead.Add(((deadUs.Value - termUs.Value) / 1000.0) - GraceMs);
            var lines = run.Lines.Where(l => l.Pod == "stubborn").ToList();
            var stop = lines.First(l => l.IsStep("StopSignalSent")).StampMs!.Value;
            killSent.Add(lines.First(l => l.IsStep("KillSent")).StampMs!.Value - stop - GraceMs);
            reaped.Add(lines.First(l => l.IsStep("ContainerExited")).StampMs!.Value - stop - GraceMs);
        }

        context.Results.Add(new Figure(Scenario, Groups.Sigkill, Role.Podvisor, "podvisor", "dead after SIGTERM arrival + 2 s" + label, "ms", dead,
            "podvisor run, SIGTERM to podvisor once the payload is ready; SIGTERM arrival from the container's handler, exit from a pidfd"));
        context.Results.Add(new Figure(Scenario, Groups.Sigkill + " (self-reported)", Role.Podvisor, "podvisor", "timeline: KillSent − StopSignalSent − 2 s" + label, "ms", killSent, "podvisor's own ms timeline"));
        context.Results.Add(new Figure(Scenario, Groups.Sigkill + " (self-reported)", Role.Podvisor, "podvisor", "timeline: ContainerExited − StopSignalSent − 2 s" + label, "ms", reaped, "podvisor's own ms timeline"));
    }

    private static async Task SupervisordLateness(BenchContext context, int n)
    {
        var dir = context.Dir("sigkill-supervisord");
        var termFile = Path.Combine(dir, "term");
        await using var supervisord = await Supervisord.Start(dir, [
            SupervisordProgram.Of("ign", $"{context.Probe} ignterm {termFile}",
                ("autostart", "false"), ("autorestart", "false"), ("startsecs", "0"), ("stopwaitsecs", "2"), ("killasgroup", "true")),
            SupervisordProgram.Of("noisy", $"sh -c '{Noise}'", ("startsecs", "0"), ("stopasgroup", "true")),
        ]).ConfigureAwait(false);
        List<double> noWait = [], waiting = [];
        var waitingReps = context.Reps(5, n);
        for (var i = 0; i < n + waitingReps; i++)
        {
            var clientWaits = i >= n;
            File.Delete(termFile);
            File.Delete(termFile + ".pid");
            try
            {
                await supervisord.Rpc.Call("supervisor.startProcess", "ign", true).ConfigureAwait(false);
            }
            catch (InvalidOperationException error)
            {
                // On a loaded machine supervisord may report a start it raced with the last stop as abnormal.
                context.Results.Note(Scenario, $"supervisord rep {i}: start failed ({error.Message}); dropped");
                await Clock.Until(() => StateOf(supervisord, "ign") is "STOPPED" or "EXITED" or "FATAL" or "BACKOFF", TimeSpan.FromSeconds(10), 20).ConfigureAwait(false);
                continue;
            }

            // The payload's handler is installed once its pid file exists (a fixed delay was too short on busy cores).
            await Clock.Until(() => File.Exists(termFile + ".pid"), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var pid = await supervisord.ProgramPid("ign").ConfigureAwait(false);
            await using var watch = await DeathWatch.Start(context.Limit, pid).ConfigureAwait(false);
            // No client waiting is how a supervisor daemon is normally left; a waiting client keeps its loop spinning.
            await supervisord.Rpc.Call("supervisor.stopProcess", "ign", clientWaits).ConfigureAwait(false);
            var deadUs = await watch.Exited(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var termUs = FirstTerm(termFile);
            if (deadUs is null || termUs is null)
            {
                context.Results.Note(Scenario, $"supervisord rep {i}: no SIGTERM seen or not dead; dropped");
                continue;
            }

            (clientWaits ? waiting : noWait).Add(((deadUs.Value - termUs.Value) / 1000.0) - GraceMs);
            // Let the loop finish the stop before the next start.
            await Clock.Until(() => StateOf(supervisord, "ign") is "STOPPED" or "EXITED", TimeSpan.FromSeconds(10), 20).ConfigureAwait(false);
        }

        context.Results.Add(new Figure(Scenario, Groups.Sigkill, Role.Peer, "supervisord", "stopwaitsecs=2, RPC stopProcess(wait=False), no client waiting", "ms", noWait,
            "killasgroup=true; neighbour program prints every 1.3 s"));
        context.Results.Add(new Figure(Scenario, Groups.Sigkill, Role.Peer, "supervisord", "stopwaitsecs=2, RPC stopProcess(wait=True): client keeps the loop awake", "ms", waiting,
            "as above, but the RPC client waits for the stop"));
    }

    private static async Task PodmanLateness(BenchContext context, Podman podman, int n)
    {
        var dir = context.Dir("sigkill-podman");
        var yamlPath = Path.Combine(dir, "pod.yaml");
        await File.WriteAllTextAsync(yamlPath, Podman.PodYaml("bench-sigkill", dir, [
            ("ign", ["/bin/probe", "ignterm", "/shared/term"]),
            ("noise", ["sh", "-c", Noise]),
        ])).ConfigureAwait(false);
        await podman.RemoveAllPods().ConfigureAwait(false);
        List<double> dead = [];
        for (var i = 0; i < n; i++)
        {
            File.Delete(Path.Combine(dir, "term"));
            File.Delete(Path.Combine(dir, "term.pid"));
            (await podman.Run("kube", "play", yamlPath).ConfigureAwait(false)).Check("podman kube play");
            await Clock.Until(() => File.Exists(Path.Combine(dir, "term.pid")), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await Clock.Delay(100).ConfigureAwait(false);
            var pid = await podman.HostPid("bench-sigkill-ign").ConfigureAwait(false);
            await using var watch = await DeathWatch.Start(context.Limit, pid).ConfigureAwait(false);
            (await podman.Run("pod", "stop", "-t", "2", "bench-sigkill").ConfigureAwait(false)).Check("podman pod stop");
            var deadUs = await watch.Exited(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var termUs = FirstTerm(Path.Combine(dir, "term"));
            (await podman.Run("kube", "down", yamlPath).ConfigureAwait(false)).Check("podman kube down");
            if (deadUs is null || termUs is null)
            {
                context.Results.Note(Scenario, $"podman rep {i}: no SIGTERM seen or not dead; dropped");
                continue;
            }

            dead.Add(((deadUs.Value - termUs.Value) / 1000.0) - GraceMs);
        }

        context.Results.Add(new Figure(Scenario, Groups.Sigkill, Role.Peer, "podman", "`podman pod stop -t 2`", "ms", dead, "hostNetwork pod, the noise in a second container"));
    }

    private static long? FirstTerm(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var first = File.ReadLines(file).FirstOrDefault();
        return first is null ? null : long.Parse(first, CultureInfo.InvariantCulture);
    }

    private static string? StateOf(Supervisord supervisord, string name)
    {
        var info = (Dictionary<string, object?>)supervisord.Rpc.Call("supervisor.getProcessInfo", name).GetAwaiter().GetResult()!;
        return info["statename"] as string;
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex PidPattern();
}
