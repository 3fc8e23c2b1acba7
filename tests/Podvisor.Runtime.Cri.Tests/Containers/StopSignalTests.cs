using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// A container's first process is PID 1 of its own PID namespace, where the kernel drops signals it has no
/// handler for: the stop signal reaches PID 1 alone, and one that ignores it is SIGKILLed at the grace period.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class StopSignalTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string Pod(string name, string script) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: registry.k8s.io/busybox:1.27.2
            command: ["sh", "-c", {{System.Text.Json.JsonSerializer.Serialize(script)}}]
        """;

    [Fact]
    public async Task Sleep_as_PID_1_ignores_SIGTERM_and_is_killed_with_137_at_the_grace_period()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(Pod("pid1", "echo up; exec sleep 1000"));
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "pid1" && l.Text == "up"), Limit);

        engine.Engine.Delete("default", "pid1");
        await engine.WaitForAsync(e => e.Observer.Timeline.Any(t => t.Container == "app" && t.Step == TimelineStep.ContainerExited), Limit);

        var kill = Assert.Single(engine.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Equal(new KillSentPayload(Forced: false), kill.Payload);
        var signal = Assert.Single(engine.Observer.Timeline, t => t.Step == TimelineStep.StopSignalSent);
        // The deadline is fixed just before the StopSignalSent step is stamped: allow those few milliseconds.
        Assert.True(kill.At - signal.At >= TimeSpan.FromSeconds(1.95), $"SIGKILL {kill.At:O} came before the 2 s grace period from {signal.At:O}");
        Assert.Equal(new ContainerExitedPayload(137, "SIGKILL", null), engine.Observer.Timeline.Single(t => t.Step == TimelineStep.ContainerExited).Payload);
    }

    [Fact]
    public async Task A_wrapper_shell_hides_SIGTERM_from_its_child_which_never_drains()
    {
        await using var engine = new CriEngine(fixture);
        const string Child = "trap 'echo child got TERM; exit 0' TERM; echo child up; while true; do sleep 0.1; done";
        engine.Admit(Pod("wrapper", $"sh -c \"{Child}\"; echo wrapper done"));
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "wrapper" && l.Text == "child up"), Limit);

        engine.Engine.Delete("default", "wrapper");
        await engine.WaitForAsync(e => e.Observer.Timeline.Any(t => t.Step == TimelineStep.ContainerExited), Limit);

        Assert.Equal(new ContainerExitedPayload(137, "SIGKILL", null), engine.Observer.Timeline.Single(t => t.Step == TimelineStep.ContainerExited).Payload);
        Assert.DoesNotContain(engine.Observer.Lines, l => l.Text == "child got TERM");
    }

    [Fact]
    public async Task PID_1_with_a_handler_gets_SIGTERM_and_drains_and_its_lines_are_in_the_CRI_log_file()
    {
        await using var engine = new CriEngine(fixture);
        var pod = engine.Admit(Pod("drains", "trap 'echo got TERM; exit 0' TERM; echo up; while true; do sleep 0.1; done"));
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "drains" && l.Text == "up"), Limit);

        engine.Engine.Delete("default", "drains");
        await engine.WaitForAsync(e => e.Observer.Timeline.Any(t => t.Step == TimelineStep.ContainerExited), Limit);

        Assert.Equal(new ContainerExitedPayload(0, null, null), engine.Observer.Timeline.Single(t => t.Step == TimelineStep.ContainerExited).Payload);
        Assert.DoesNotContain(engine.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Contains(engine.Observer.Lines, l => l.PodName == "drains" && l.Text == "got TERM");

        // containerd wrote the kubelet's layout and format: <state>/pods/<ns>_<name>_<uid>/<container>/<attempt>.log.
        var log = Path.Combine(engine.StateDirectory, "pods", $"default_drains_{pod.Metadata.Uid}", "app", "0.log");
        var entries = await File.ReadAllLinesAsync(log);
        Assert.Contains(entries, line => line.EndsWith(" stdout F got TERM", StringComparison.Ordinal));
    }

    /// <summary>PID 1 reports whichever of the three signals reaches it, then exits 0.</summary>
    private const string ReportsSignals =
        "trap 'echo got TERM; exit 0' TERM; trap 'echo got QUIT; exit 0' QUIT; trap 'echo got INT; exit 0' INT; echo up; while true; do sleep 0.1; done";

    private static string SignalPod(string name, string image, string? stopSignal) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          os: {name: linux}
          terminationGracePeriodSeconds: 10
          containers:
          - name: app
            image: {{image}}
            command: ["sh", "-c", {{System.Text.Json.JsonSerializer.Serialize(ReportsSignals)}}]
        {{(stopSignal is null ? string.Empty : $"    lifecycle: {{stopSignal: {stopSignal}}}")}}
        """;

    private const string SigQuitImage = "docker.io/podvisor/busybox-stopsignal:sigquit";

    private static async Task<(string Sent, IReadOnlyList<string> Seen)> StopAsync(CriEngine engine, string name)
    {
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == name && l.Text == "up"), Limit);
        engine.Engine.Delete("default", name);
        await engine.WaitForAsync(e => e.Observer.Timeline.Any(t => t.Step == TimelineStep.ContainerExited), Limit);

        // containerd may write the last line a moment after it reports the exit: wait (bounded) for the report.
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == name && l.Text.StartsWith("got ", StringComparison.Ordinal)), Limit);
        var sent = Assert.IsType<StopSignalSentPayload>(engine.Observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent).Payload);
        Assert.Equal(new ContainerExitedPayload(0, null, null), engine.Observer.Timeline.Single(t => t.Step == TimelineStep.ContainerExited).Payload);
        Assert.DoesNotContain(engine.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        return (sent.SignalName, [.. engine.Observer.Lines.Where(l => l.PodName == name && l.Text.StartsWith("got ", StringComparison.Ordinal)).Select(l => l.Text)]);
    }

    [Fact]
    public async Task The_image_STOPSIGNAL_is_the_signal_the_timeline_names_and_the_one_PID_1_gets()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(SignalPod("image-quit", SigQuitImage, stopSignal: null));

        var (sent, seen) = await StopAsync(engine, "image-quit");

        Assert.Equal("SIGQUIT", sent);
        Assert.Equal(["got QUIT"], seen);
    }

    [Fact]
    public async Task Without_an_image_STOPSIGNAL_the_timeline_names_SIGTERM_and_PID_1_gets_it()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(SignalPod("image-term", "registry.k8s.io/busybox:1.27.2", stopSignal: null));

        var (sent, seen) = await StopAsync(engine, "image-term");

        Assert.Equal("SIGTERM", sent);
        Assert.Equal(["got TERM"], seen);
    }

    [Fact]
    public async Task The_spec_lifecycle_stopSignal_wins_over_the_image_STOPSIGNAL_and_reaches_PID_1()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(SignalPod("spec-int", SigQuitImage, stopSignal: "SIGINT"));

        var (sent, seen) = await StopAsync(engine, "spec-int");

        Assert.Equal("SIGINT", sent);
        Assert.Equal(["got INT"], seen);
    }
}
