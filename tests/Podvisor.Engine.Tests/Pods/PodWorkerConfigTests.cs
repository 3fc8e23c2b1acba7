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

    private const string VolumePod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, uid: 00000000-0000-0000-0000-0000000000c1}
        spec:
          containers:
          - name: app
            image: busybox
            command: [sh]
            volumeMounts:
            - {name: cfg, mountPath: /etc/cfg}
            - {name: cfg, mountPath: /etc/greeting, subPath: greeting}
          volumes:
          - name: cfg
            configMap: {name: settings}
        """;

    [Fact]
    public async Task ConfigMapVolume_MissingObject_FailedMountThenMountedWhenItAppears_AndUpdatedOnChange()
    {
        await using var h = new EngineHarness();
        h.Admit(VolumePod);

        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedMount"));
        Assert.Equal("MountVolume.SetUp failed for volume \"cfg\" : configmap \"settings\" not found", h.Observer.Events.First(e => e.Reason == "FailedMount").Message);
        Assert.Empty(h.Runtime.All);

        h.Configs.PutConfigMap("settings", ("greeting", "hello"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var instance = await h.Runtime.NextStartAsync();

        var whole = instance.Launch.Mounts!.Single(m => m.ContainerPath == "/etc/cfg");
        var single = instance.Launch.Mounts!.Single(m => m.ContainerPath == "/etc/greeting");
        Assert.True(whole.ReadOnly && single.ReadOnly, "configMap volumes are mounted read-only");
        Assert.Equal("hello", File.ReadAllText(Path.Combine(whole.HostPath, "greeting")));
        Assert.Equal("hello", File.ReadAllText(single.HostPath));
        var firstData = new FileInfo(Path.Combine(whole.HostPath, "..data")).LinkTarget;

        // The fake source tells its subscribers before Put returns, so the rewrite is done here.
        h.Configs.PutConfigMap("settings", ("greeting", "bonjour"));

        Assert.Equal("bonjour", File.ReadAllText(Path.Combine(whole.HostPath, "greeting")));
        Assert.NotEqual(firstData, new FileInfo(Path.Combine(whole.HostPath, "..data")).LinkTarget);

        // A subPath bound the file of the first payload, whose directory is now gone: it is not updated (as upstream).
        Assert.False(File.Exists(single.HostPath));
    }
}
