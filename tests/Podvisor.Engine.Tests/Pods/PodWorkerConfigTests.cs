using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerConfigTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - name: app
            image: busybox
            command: [sh]
            env:
            - name: GREETING
              valueFrom: {configMapKeyRef: {name: settings, key: greeting}}
        """;

    [Fact]
    public async Task MissingConfigMap_WaitsInCreateContainerConfigError_ThenStartsOnTheSyncAfterItAppears()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod);

        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].State.Waiting?.Reason == "CreateContainerConfigError");
        var waiting = h.Container("app").State.Waiting;
        Assert.Equal("configmap \"settings\" not found", waiting.Message);
        Assert.Contains(h.Observer.Events, e => e is { Type: "Warning", Reason: "Failed", Message: "Error: configmap \"settings\" not found" });
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Empty(h.Runtime.All);

        // Created but without the key: the next sync fails again, with the key's message.
        h.Configs.PutConfigMap("settings", ("other", "x"));
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].State.Waiting?.Message == "couldn't find key greeting in ConfigMap default/settings");
        Assert.Empty(h.Runtime.All);

        h.Configs.PutConfigMap("settings", ("greeting", "hello"));
        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(h.Runtime.TryGetNextStart(out _));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var instance = await h.Runtime.NextStartAsync();

        Assert.Contains(new KeyValuePair<string, string>("GREETING", "hello"), instance.Launch.Environment);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "BackOff");
    }

    [Fact]
    public async Task Restart_ReadsTheConfigMapAgain()
    {
        await using var h = new EngineHarness();
        h.Configs.PutConfigMap("settings", ("greeting", "hello"));
        h.Admit(Pod);
        var first = await h.Runtime.NextStartAsync();
        await h.WaitForRunningAsync(first);

        h.Configs.PutConfigMap("settings", ("greeting", "bonjour"));
        first.Exit(0);
        var second = await h.Runtime.NextStartAsync();

        Assert.Contains(new KeyValuePair<string, string>("GREETING", "hello"), first.Launch.Environment);
        Assert.Contains(new KeyValuePair<string, string>("GREETING", "bonjour"), second.Launch.Environment);
    }
}
