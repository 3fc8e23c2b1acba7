using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// examples/probes/web.yaml, byte for byte, on a real python image (python:3-slim, built by examples/images/build.sh
/// from this machine's python3 and pulled through the docker.io mirror): the startup, readiness and liveness story
/// the process runtime tells (tests/Podvisor.EndToEnd.Tests/RunProbesTests.cs), with the probes reaching the app in
/// its container over the pod's host network.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class ProbesExampleTests(ContainerdFixture fixture)
{
    private const string Pod = "probes-demo";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_probes_example_starts_becomes_ready_then_is_restarted_by_its_liveness_probe()
    {
        await fixture.BuildImageAsync("python");
        // The app listens on the host's 18080, as the end-to-end probes test's does, at the same time.
        using var port = await MachineLock.ForPortAsync(18080, TimeSpan.FromMinutes(5));
        await using var engine = new CriEngine(fixture);
        engine.Admit(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "probes", "web.yaml")));

        await engine.WaitForAsync(e => e.Container(Pod, "web")?.RestartCount >= 1, Limit);

        var steps = engine.Observer.Timeline.Where(t => t.Container == "web").Select(t => t.Step).ToList();
        var started = steps.IndexOf(TimelineStep.StartupProbeSucceeded);
        var ready = steps.IndexOf(TimelineStep.ContainerReady);
        var failed = steps.IndexOf(TimelineStep.LivenessProbeFailed);
        Assert.True(started >= 0 && started < ready && ready < failed, string.Join(", ", steps));
        var messages = engine.EventsOf(Pod).Select(e => e.Message).ToList();
        Assert.Contains("Liveness probe failed: HTTP probe failed with statuscode: 500", messages);
        Assert.Contains("Container web failed liveness probe, will be restarted", messages);
        Assert.Contains(engine.EventsOf(Pod), e => e.Reason == "Pulled" && e.Message?.StartsWith("Successfully pulled image \"python:3-slim\"", StringComparison.Ordinal) == true);

        // The first instance is PID 1 of its container with a SIGTERM handler: it drains and exits 0 (no SIGKILL).
        var firstExit = engine.Observer.Timeline.First(t => t.Container == "web" && t.Step == TimelineStep.ContainerExited);
        Assert.Equal(new ContainerExitedPayload(0, null, null), firstExit.Payload);
        Assert.Contains(engine.Observer.Lines, l => l.PodName == Pod && l.Text.Contains("SIGTERM: bye", StringComparison.Ordinal));
        Assert.Equal(0, engine.Container(Pod, "web")?.LastState?.Terminated?.ExitCode);
    }
}
