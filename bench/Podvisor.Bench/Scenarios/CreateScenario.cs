using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Timeline;
using Podvisor.Runtime.Processes;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 2. Create → Running, one container, no hooks. The container is <c>probe stamp FILE sleep 3600</c>, so besides
/// each tool's own "Running" the instant its process ran is known on the same clock for every tool.
/// </summary>
internal sealed class CreateScenario : IScenario
{
    private const string Scenario = "create";

    public string Id => Scenario;

    public int Number => 2;

    public string Title => "Create → Running, one container";

    public async Task RunAsync(BenchContext context)
    {
        var n = context.Reps(10, 30);
        await InEngine(context, n).ConfigureAwait(false);
        await WholeCli(context, n).ConfigureAwait(false);
        if (Supervisord.Available)
        {
            await SupervisordStart(context, n).ConfigureAwait(false);
        }
        else
        {
            context.Results.Note(Scenario, "supervisord not installed: its figures are missing.");
        }

        if (context.PodmanDir is { } store)
        {
            await PodmanPlay(context, new Podman(store), n).ConfigureAwait(false);
        }
        else
        {
            context.Results.Note(Scenario, "podman not available: its figures are missing.");
        }
    }

    /// <summary>PodAdmission (decode, default, validate) + PodEngine.Admit → the ContainerRunning timeline step.</summary>
    private static async Task InEngine(BenchContext context, int n)
    {
        var dir = context.Dir("create-engine");
        var probe = new EngineProbe();
        var time = TimeProvider.System;
        await using var runtime = new ProcessContainerRuntime(time);
        await using var engine = new PodEngine(runtime, ImageCatalog.Empty, probe, new EngineOptions { StateDirectory = dir }, time);
        const int warmup = 2;
        List<double> running = [], exec = [], admission = [], toSpawn = [], toRunning = [];
        for (var i = 0; i < n + warmup; i++)
        {
            var name = $"engine-{i}";
            var stampFile = Path.Combine(dir, name + ".started");
            var yaml = Manifests.Pod(name, Stamp.Command(context, stampFile, "sleep", "3600"));
            var t0 = Clock.NowUs();
            var admitted = new PodAdmission(time).Admit([new ManifestSource(name + ".yaml", yaml)], new AdmissionOptions());
            var tAdmitted = Clock.NowUs();
            engine.Admit(admitted.Pods[0]);
            var t1 = await probe.When(name, TimelineStep.ContainerRunning).WaitAsync(TimeSpan.FromSeconds(30), time).ConfigureAwait(false);
            var tSpawned = await probe.When(name, TimelineStep.ContainerSpawned).ConfigureAwait(false);
            var started = await Stamp.Read(stampFile, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (i >= warmup)
            {
                running.Add((t1 - t0) / 1000.0);
                exec.Add(((started ?? t1) - t0) / 1000.0);
                admission.Add((tAdmitted - t0) / 1000.0);
                toSpawn.Add((tSpawned - tAdmitted) / 1000.0);
                toRunning.Add((t1 - tSpawned) / 1000.0);
            }

            engine.Delete("default", name, 0);
            await probe.When(name, TimelineStep.PodRemoved).WaitAsync(TimeSpan.FromSeconds(30), time).ConfigureAwait(false);
        }

        string Median(List<double> v) => Report.Num(Distribution.Of(v)?.Median ?? double.NaN);
        context.Results.Note(Scenario, $"In-engine, where the time goes (medians): admission (decode, default, validate one manifest) {Median(admission)} ms; PodEngine.Admit → ContainerSpawned (worker start, Scheduled/Pulled/Created events, status publishes, log files, posix_spawn) {Median(toSpawn)} ms; ContainerSpawned → ContainerRunning {Median(toRunning)} ms.");
        const string how = "PodEngine in-process with ProcessContainerRuntime; t0 before PodAdmission.Admit";
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "in-engine: admit → ContainerRunning", "ms", running, how + $"; {warmup} warm-up reps dropped", "daemon"));
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "in-engine: admit → container process runs", "ms", exec, how + " → the container's first instruction (probe stamp)", "daemon-exec"));
    }

    /// <summary>`podvisor run pod.yaml`, from starting the executable to ContainerRunning in its timeline.</summary>
    private static async Task WholeCli(BenchContext context, int n)
    {
        var dir = context.Dir("create-cli");
        List<double> running = [], exec = [];
        for (var i = 0; i < n; i++)
        {
            var name = $"cli-{i}";
            var stampFile = Path.Combine(dir, name + ".started");
            var yamlPath = Path.Combine(dir, name + ".yaml");
            await File.WriteAllTextAsync(yamlPath, Manifests.Pod(name, Stamp.Command(context, stampFile, "sleep", "3600"), grace: 1)).ConfigureAwait(false);
            await using var run = PodvisorRun.Start(context, [yamlPath, "--state-dir", Path.Combine(dir, name)]);
            var line = await run.WaitFor(l => l.IsStep("ContainerRunning"), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var started = await Stamp.Read(stampFile, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            running.Add((run.AbsoluteUs(line) - run.StartUs) / 1000.0);
            exec.Add(((started ?? 0) - run.StartUs) / 1000.0);
            run.Interrupt();
            await run.WaitExit(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        const string how = "t0 just before starting the podvisor executable; end from its live-view timeline (ms stamps)";
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "CLI: `podvisor run` start → ContainerRunning", "ms", running, how, "cli"));
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Podvisor, "podvisor", "CLI: `podvisor run` start → container process runs", "ms", exec, "t0 as above; end = probe stamp", "cli-exec"));
    }

    private static async Task SupervisordStart(BenchContext context, int n)
    {
        var dir = context.Dir("create-supervisord");
        var stampFile = Path.Combine(dir, "x.started");
        var program = SupervisordProgram.Of("x", string.Join(' ', Stamp.Command(context, stampFile, "sleep", "3600")),
            ("autostart", "false"), ("autorestart", "false"), ("startsecs", "0"));
        await using var supervisord = await Supervisord.Start(dir, [program]).ConfigureAwait(false);
        List<double> rpc = [], rpcExec = [], ctl = [];
        for (var i = 0; i < n; i++)
        {
            File.Delete(stampFile);
            var t0 = Clock.NowUs();
            await supervisord.Rpc.Call("supervisor.startProcess", "x", true).ConfigureAwait(false);
            rpc.Add(Clock.MsSince(t0));
            var started = await Stamp.Read(stampFile, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            rpcExec.Add(((started ?? 0) - t0) / 1000.0);
            await supervisord.Rpc.Call("supervisor.stopProcess", "x", true).ConfigureAwait(false);

            var cli = await Shell.Run("/usr/bin/supervisorctl", ["-c", supervisord.Config, "start", "x"]).ConfigureAwait(false);
            ctl.Add(cli.Check("supervisorctl start").WallMs);
            await supervisord.Rpc.Call("supervisor.stopProcess", "x", true).ConfigureAwait(false);
        }

        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Peer, "supervisord", "RPC startProcess(x, wait) → RUNNING", "ms", rpc, "XML-RPC on the unix socket, daemon already up, startsecs=0", "daemon"));
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Peer, "supervisord", "RPC startProcess → process runs", "ms", rpcExec, "end = probe stamp", "daemon-exec"));
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Peer, "supervisord", "CLI: `supervisorctl start x` → RUNNING", "ms", ctl, "wall time of the command (python CLI start-up included)", "cli"));
    }

    private static async Task PodmanPlay(BenchContext context, Podman podman, int n)
    {
        var dir = context.Dir("create-podman");
        var yamlPath = Path.Combine(dir, "pod.yaml");
        await File.WriteAllTextAsync(yamlPath, Podman.PodYaml("bench-create", dir, [("c", ["/bin/probe", "stamp", "/shared/c.started", "sleep", "3600"])])).ConfigureAwait(false);
        await podman.RemoveAllPods().ConfigureAwait(false);
        List<double> wall = [], exec = [];
        for (var i = -1; i < n; i++)
        {
            File.Delete(Path.Combine(dir, "c.started"));
            var t0 = Clock.NowUs();
            var play = (await podman.Run("kube", "play", yamlPath).ConfigureAwait(false)).Check("podman kube play");
            var started = await Stamp.Read(Path.Combine(dir, "c.started"), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (i >= 0)
            {
                wall.Add(play.WallMs);
                exec.Add(((started ?? 0) - t0) / 1000.0);
            }

            (await podman.Run("kube", "down", yamlPath).ConfigureAwait(false)).Check("podman kube down");
        }

        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Peer, "podman", "CLI: `podman kube play` → returned (container started)", "ms", wall, "hostNetwork pod, runc, cgroupfs; 1 warm-up play dropped", "cli"));
        context.Results.Add(new Figure(Scenario, Groups.Create, Role.Peer, "podman", "CLI: `podman kube play` start → container process runs", "ms", exec, "end = probe stamp (static binary in the image)", "cli-exec"));
    }
}
