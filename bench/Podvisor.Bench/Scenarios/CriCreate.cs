using Podvisor.Bench.Core;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// CRI create → Running, one container, image present: podvisor <c>--runtime containerd</c> (its whole CLI start →
/// ContainerRunning, which includes starting its own containerd; and Scheduled → ContainerRunning from its timeline)
/// against <c>podman kube play</c> of the same manifest and image (wall time: it returns once the container started).
/// The payload <c>probe stamp /shared/c.started /bench/probe wait</c> also gives "the container's process runs" on the
/// one clock for both; <c>probe wait</c> exits on SIGTERM, so neither tool's stop waits for a grace period.
/// </summary>
internal static class CriCreate
{
    public const string PodvisorMetric = "CLI: `podvisor run --runtime containerd` start → ContainerRunning";
    public const string PlayMetric = "CLI: `podman kube play` → returned (container started)";
    public const string ScheduledMetric = "timeline: Scheduled → ContainerRunning (RunPodSandbox, CreateContainer, StartContainer)";
    public const string ContainerdMetric = "the three calls' time inside containerd, summed";

    private const string Scenario = CriScenario.Name;

    public static async Task Run(CriSetup setup, int n)
    {
        var manifest = Path.Combine(setup.Dir, "create.yaml");
        await File.WriteAllTextAsync(manifest, setup.Pod("bench-cri", CriSetup.Busybox, ["/bench/probe", "stamp", "/shared/c.started", "/bench/probe", "wait"], grace: 5)).ConfigureAwait(false);
        var stamp = Path.Combine(setup.SharedDir, "c.started");
        await Podvisor(setup, manifest, stamp, n).ConfigureAwait(false);
        if (setup.Podman is { } podman)
        {
            (await podman.Run("pull", "-q", CriSetup.Busybox).ConfigureAwait(false)).Check("podman pull " + CriSetup.Busybox);
            await podman.RemoveAllPods().ConfigureAwait(false);
            List<double> wall = [], exec = [];
            for (var i = -1; i < n; i++)
            {
                File.Delete(stamp);
                var t0 = Clock.NowUs();
                var play = (await podman.Run("kube", "play", manifest).ConfigureAwait(false)).Check("podman kube play");
                var started = await Stamp.Read(stamp, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                (await podman.Run("kube", "down", manifest).ConfigureAwait(false)).Check("podman kube down");
                if (i >= 0 && started is { } s)
                {
                    wall.Add(play.WallMs);
                    exec.Add((s - t0) / 1000.0);
                }
            }

            setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreate, Role.Peer, "podman", PlayMetric, "ms", wall,
                $"the same manifest and image ({CriSetup.Busybox}, pulled beforehand from the loopback registry); 1 warm-up play dropped", "cli"));
            setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreate, Role.Peer, "podman", "CLI: `podman kube play` start → container process runs", "ms", exec, "end = probe stamp", "cli-exec"));
        }
    }

    private static async Task Podvisor(CriSetup setup, string manifest, string stamp, int n)
    {
        List<double> cli = [], exec = [], scheduled = [], calls = [];
        // Rep -1 pulls the image into the state directory's containerd store and imports the pause image: dropped.
        for (var i = -1; i < n; i++)
        {
            File.Delete(stamp);
            await using var run = PodvisorRun.Start(setup.Context, setup.RunArgs(manifest, setup.StateDir));
            var running = await run.WaitFor(l => l.IsStep("ContainerRunning"), TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            var assigned = await run.WaitFor(IsScheduled, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            var started = await Stamp.Read(stamp, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            run.Interrupt();
            await run.WaitExit(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (i < 0)
            {
                continue;
            }

            cli.Add((run.AbsoluteUs(running) - run.StartUs) / 1000.0);
            scheduled.Add(running.StampMs!.Value - assigned.StampMs!.Value);
            var own = ContainerdCallStamps.Latest(Path.Combine(setup.StateDir, "containerd", "containerd.log"));
            calls.Add(own.TotalMs);
            if (started is { } s)
            {
                exec.Add((s - run.StartUs) / 1000.0);
            }
        }

        const string how = "t0 just before starting the podvisor executable (it starts its own containerd and waits for CRI); end from its live-view timeline";
        setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreate, Role.Podvisor, "podvisor", PodvisorMetric, "ms", cli, how + "; 1 warm-up run dropped", "cli"));
        setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreate, Role.Podvisor, "podvisor", "CLI: `podvisor run --runtime containerd` start → container process runs", "ms", exec, "t0 as above; end = probe stamp", "cli-exec"));
        setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreate, Role.Podvisor, "podvisor", ScheduledMetric, "ms", scheduled,
            "podvisor's own ms timeline: the Scheduled event (containerd answering, pause image present) to ContainerRunning; compared with every podman figure of the group"));
        // The floor of any CRI client: containerd's time inside the three calls (a shim and runc create/start for the
        // pause container, then for the app's). Scheduled → Running minus this is podvisor's own share.
        setup.Context.Results.Add(new Figure(Scenario, Groups.CriCreateFloor, Role.Limit, "containerd (its log)", ContainerdMetric, "ms", calls,
            "containerd's CRI log of the same runs: each call's start to its return, summed"));
    }

    private static bool IsScheduled(LiveRecord line) => line.Separator == '!' && line.Content.StartsWith("event Normal Scheduled", StringComparison.Ordinal);
}
