using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerLifecycleTests
{
    private const string InitPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          initContainers:
          - {name: init-a, image: busybox, command: [sh]}
          - {name: init-b, image: busybox, command: [sh]}
          containers:
          - {name: app, image: busybox, command: [sh]}
        """;

    [Fact]
    public async Task InitContainers_StartStrictlyInOrder_EachAfterThePreviousExits0()
    {
        await using var h = new EngineHarness();
        h.Admit(InitPod);

        var a = await h.Runtime.NextStartAsync();
        Assert.Equal("init-a", a.Launch.ContainerName);
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Equal("PodInitializing", h.Container("app").State.Waiting.Reason);
        Assert.False(h.Runtime.TryGetNextStart(out _));

        a.Exit(0);
        var b = await h.Runtime.NextStartAsync();
        Assert.Equal("init-b", b.Launch.ContainerName);
        b.Exit(0);
        var app = await h.Runtime.NextStartAsync();
        Assert.Equal("app", app.Launch.ContainerName);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        Assert.Equal("Completed", h.Container("init-a").State.Terminated.Reason);
        Assert.True(h.Container("app").Ready);
        Assert.Equal(["Initialized", "True"], new[] { "Initialized", h.Status.Status.Conditions.Single(c => c.Type == "Initialized").Status });
    }

    [Fact]
    public async Task FailingInitContainer_RestartPolicyNever_PodFailed_AppNeverStarts()
    {
        await using var h = new EngineHarness();
        h.Admit(InitPod.Replace("spec:\n", "spec:\n  restartPolicy: Never\n", StringComparison.Ordinal));

        var a = await h.Runtime.NextStartAsync();
        a.Exit(2);
        await h.Observer.WaitForStepAsync(null, TimelineStep.PodTerminated);
        await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Failed", h.Status.Status.Phase);
        Assert.Single(h.Runtime.All);
        Assert.Equal(2, h.Container("init-a").State.Terminated.ExitCode);
        var initialized = h.Status.Status.Conditions.Single(c => c.Type == "Initialized");
        Assert.Equal("False", initialized.Status);
        Assert.Equal("containers with incomplete status: [init-a init-b]", initialized.Message);
    }

    [Fact]
    public async Task FailingInitContainer_RestartPolicyAlways_RestartsSameInitContainer()
    {
        await using var h = new EngineHarness();
        h.Admit(InitPod);

        (await h.Runtime.NextStartAsync()).Exit(1);
        var again = await h.Runtime.NextStartAsync();
        Assert.Equal("init-a", again.Launch.ContainerName);

        await h.WaitForRunningAsync(again);
        Assert.Equal(1, h.Container("init-a").RestartCount);
    }

    [Fact]
    public async Task SuccessfulEvents_InKubeletOrder_WithKubeletMessages()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: busybox, command: [sh]}
            """);
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        var events = h.Observer.Events.Select(e => (e.Reason, e.Message, e.InvolvedObject.FieldPath)).ToList();
        Assert.Equal(
            [
                ("Scheduled", "Successfully assigned default/web to node1", null),
                ("Pulled", "Container image \"busybox\" already present on machine", "spec.containers{app}"),
                ("Created", "Created container: app", "spec.containers{app}"),
                ("Started", "Started container app", "spec.containers{app}"),
            ],
            events);
    }

    [Fact]
    public async Task EnvAndCommand_ExpandVariablesAndDownwardApi()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labels: {tier: front}}
            spec:
              containers:
              - name: app
                image: busybox
                command: [echo, "$(GREETING)", "$(POD_NAME)", "$(UNDEFINED)", "$$(ESCAPED)"]
                workingDir: /srv
                env:
                - {name: WHO, value: world}
                - {name: GREETING, value: "hello $(WHO)"}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                - name: TIER
                  valueFrom: {fieldRef: {fieldPath: "metadata.labels['tier']"}}
            """);
        var app = await h.Runtime.NextStartAsync();

        Assert.Equal(["echo", "hello world", "web", "$(UNDEFINED)", "$(ESCAPED)"], app.Launch.Argv);
        var env = app.Launch.Environment.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("front", env["TIER"]);
        Assert.Equal("web", env["HOSTNAME"]);
        Assert.Contains("/usr/bin", env["PATH"], StringComparison.Ordinal);
        Assert.Equal("/srv", app.Launch.WorkingDirectory);
    }

    [Fact]
    public async Task ImageAbsentWithoutCommand_WaitingErrImagePull_WarningEvents()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: "example.com/nothing:1"}
            """);
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Message == "Error: ErrImagePull"));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].State.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff");

        Assert.Empty(h.Runtime.All);
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Contains(h.Observer.Events, e => e.Type == "Warning" && e.Reason == "Failed" && e.Message.StartsWith("Failed to pull image \"example.com/nothing:1\": ", StringComparison.Ordinal));
    }
}
