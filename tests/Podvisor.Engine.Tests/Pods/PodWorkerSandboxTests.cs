using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerSandboxTests
{
    private const string TwoContainerPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, uid: 11111111-2222-3333-4444-555555555555}
        spec:
          shareProcessNamespace: true
          restartPolicy: Never
          initContainers:
          - {name: prepare, image: busybox, command: [sh]}
          containers:
          - {name: app, image: busybox, command: [sh]}
        """;

    [Fact]
    public async Task EveryContainer_StartsInTheOneSandbox_MadeFromThePodSpec()
    {
        await using var h = new EngineHarness();
        h.Admit(TwoContainerPod);

        var init = await h.Runtime.NextStartAsync();
        init.Exit(0);
        await h.Runtime.NextStartAsync();

        var sandbox = Assert.Single(h.Runtime.Sandboxes);
        Assert.Equal(("default", "web", "11111111-2222-3333-4444-555555555555", true), (sandbox.Config.Namespace, sandbox.Config.Name, sandbox.Config.Uid, sandbox.Config.ShareProcessNamespace));
        Assert.EndsWith("/pods/default_web_11111111-2222-3333-4444-555555555555", sandbox.Config.LogDirectory, StringComparison.Ordinal);
        Assert.StartsWith(sandbox.Config.LogDirectory + "/prepare/", init.Launch.LogPath, StringComparison.Ordinal);
        Assert.False(sandbox.Released);
    }

    [Fact]
    public async Task TerminalPod_ReleasesItsSandbox()
    {
        await using var h = new EngineHarness();
        h.Admit(TwoContainerPod);
        (await h.Runtime.NextStartAsync()).Exit(0);
        (await h.Runtime.NextStartAsync()).Exit(0);

        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Succeeded");

        Assert.True(Assert.Single(h.Runtime.Sandboxes).Released);
    }

    [Fact]
    public async Task FailedSandbox_IsAWarningAndATryAgainAfterTenSeconds_WithNoContainerStarted()
    {
        await using var h = new EngineHarness();
        h.Runtime.SandboxFailures["web"] = "no pause image";
        h.Admit(TwoContainerPod);

        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedCreatePodSandBox"));
        var warning = Assert.Single(h.Observer.Events, e => e.Reason == "FailedCreatePodSandBox");
        Assert.Equal(("Warning", "Failed to create pod sandbox: no pause image"), (warning.Type, warning.Message));
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Empty(h.Runtime.All);

        h.Runtime.SandboxFailures.Clear();
        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(h.Runtime.TryGetNextStart(out _));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var first = await h.Runtime.NextStartAsync();

        Assert.Equal("prepare", first.Launch.ContainerName);
        Assert.Single(h.Runtime.Sandboxes);
    }
}
