using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// The seed's two manifests, byte for byte from examples/seed/, on the book's image (k8spatterns/random-generator:1.0,
/// built by examples/images/build.sh and pulled through the docker.io mirror): the story the process runtime tells.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class SeedManifestTests(ContainerdFixture fixture)
{
    private const string Pod = "random-generator";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>The app listens on the host's 8080, as the end-to-end seed tests' does: each waits its turn.</summary>
    private static readonly TimeSpan HostPortWait = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_verbatim_postStart_manifest_keeps_the_pod_Pending_for_the_30s_hook_then_the_app_reads_its_file_and_drains_on_SIGTERM()
    {
        await fixture.BuildImageAsync("random-generator");
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        await using var engine = new CriEngine(fixture);
        engine.Admit(Manifest("poststart.yaml"));

        await engine.WaitForAsync(e => HasLine(e, "Waiting for postStart to be finished"), Limit);
        var hookStarted = engine.Observer.Timeline.Single(t => t.Step == TimelineStep.PostStartStarted);
        Assert.DoesNotContain(engine.Observer.Timeline, t => t.Step == TimelineStep.PostStartSucceeded);
        Assert.Equal("Pending", engine.Pod(Pod)?.Status?.Phase);
        Assert.Equal("ContainerCreating", engine.Container(Pod, Pod)?.State?.Waiting?.Reason);

        await engine.WaitForAsync(e => e.Pod(Pod)?.Status?.Phase == "Running", Limit);
        var hookDone = engine.Observer.Timeline.Single(t => t.Step == TimelineStep.PostStartSucceeded);
        Assert.True(hookDone.At - hookStarted.At >= TimeSpan.FromSeconds(29.9), $"the hook's `sleep 30` took {hookDone.At - hookStarted.At}");
        await engine.WaitForAsync(e => HasLine(e, "postStart Message: Wake up!"), Limit);
        // The story is a running app that drains: a SIGTERM in the middle of the host's start-up is another one (the
        // app on this image has been seen to die of SIGSEGV then, exit 139), so delete once it says it started.
        await engine.WaitForAsync(e => HasLine(e, "Application started."), Limit);

        engine.Engine.Delete("default", Pod);
        // ContainerExited is on the timeline a moment before the status that carries the exit code.
        await engine.WaitForAsync(e => e.Container(Pod, Pod)?.State?.Terminated is not null, Limit);

        Assert.DoesNotContain(engine.Observer.Timeline, t => t.Step == TimelineStep.PreStopStarted);
        Assert.Contains(engine.Observer.Timeline, t => t.Step == TimelineStep.StopSignalSent && t.PayloadAs<StopSignalSentPayload>()?.SignalName == "SIGTERM");
        Assert.DoesNotContain(engine.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        // containerd may write the last lines to the log file a moment after it reports the exit.
        await engine.WaitForAsync(e => HasLine(e, "SHUTDOWN HOOK called"), TimeSpan.FromSeconds(10));
        Assert.Equal(0, engine.Container(Pod, Pod)?.State?.Terminated?.ExitCode);
    }

    [Fact]
    public async Task The_verbatim_preStop_manifest_waits_forever_for_a_file_nobody_writes_so_its_preStop_call_is_refused_and_SIGTERM_follows()
    {
        await fixture.BuildImageAsync("random-generator");
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        await using var engine = new CriEngine(fixture);
        engine.Admit(Manifest("prestop.yaml"));

        await engine.WaitForAsync(e => HasLine(e, "Waiting for postStart to be finished") && e.Pod(Pod)?.Status?.Phase == "Running", Limit);
        engine.Engine.Delete("default", Pod);
        // ContainerExited is on the timeline a moment before the status that carries the exit code.
        await engine.WaitForAsync(e => e.Container(Pod, Pod)?.State?.Terminated is not null, Limit);

        var steps = engine.Observer.Timeline.Where(t => t.Container == Pod).Select(t => t.Step).ToList();
        Assert.True(steps.IndexOf(TimelineStep.PreStopFailed) is >= 0 and var failed && failed < steps.IndexOf(TimelineStep.StopSignalSent), string.Join(", ", steps));
        var failure = engine.Observer.Timeline.Single(t => t.Step == TimelineStep.PreStopFailed).Detail;
        Assert.StartsWith("HTTP lifecycle hook (shutdown) for Container \"random-generator\" in Pod \"random-generator_default(", failure, StringComparison.Ordinal);
        Assert.Contains(":8080/shutdown\": dial tcp ", failure, StringComparison.Ordinal);
        Assert.Contains(engine.EventsOf(Pod), e => e.Reason == "FailedPreStopHook" && e.Type == "Warning");
        Assert.False(HasLine(engine, "SHUTDOWN NOW"), "the app served /shutdown although it never got its postStart file");
        // containerd may write the last lines to the log file a moment after it reports the exit.
        await engine.WaitForAsync(e => HasLine(e, "SHUTDOWN HOOK called"), TimeSpan.FromSeconds(10));
        Assert.Equal(0, engine.Container(Pod, Pod)?.State?.Terminated?.ExitCode);
    }

    private static string Manifest(string file) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "seed", file));

    private static bool HasLine(CriEngine engine, string text) =>
        engine.Observer.Lines.Any(l => l.PodName == Pod && l.Text.Contains(text, StringComparison.Ordinal));
}
