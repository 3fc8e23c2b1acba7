using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerVolumeTests : IDisposable
{
    private readonly string _host = Directory.CreateTempSubdirectory("podvisor-worker-volumes-").FullName;

    public void Dispose() => Directory.Delete(_host, recursive: true);

    [Fact]
    public async Task InitAndApp_GetTheSameEmptyDir_AndEachInstanceItsOwnScratch()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              initContainers:
              - name: prepare
                image: busybox
                command: [sh]
                volumeMounts: [{name: work, mountPath: /work}]
              containers:
              - name: app
                image: busybox
                command: [sh]
                volumeMounts: [{name: work, mountPath: /srv/work, readOnly: true}]
              volumes:
              - name: work
                emptyDir: {}
            """);

        var init = await h.Runtime.NextStartAsync();
        var initMount = Assert.Single(init.Launch.Mounts!);
        Assert.Equal("/work", initMount.ContainerPath);
        Assert.False(initMount.ReadOnly);
        Assert.EndsWith("/volumes/kubernetes.io~empty-dir/work", initMount.HostPath, StringComparison.Ordinal);
        Assert.True(Directory.Exists(initMount.HostPath), "the emptyDir exists before the first container starts");
        init.Exit(0);

        var app = await h.Runtime.NextStartAsync();
        Assert.Equal(new Engine.Runtime.ContainerMount("/srv/work", initMount.HostPath, true), Assert.Single(app.Launch.Mounts!));
        Assert.NotNull(init.Launch.ScratchDirectory);
        Assert.NotNull(app.Launch.ScratchDirectory);
        Assert.NotEqual(init.Launch.ScratchDirectory, app.Launch.ScratchDirectory);
        Assert.StartsWith(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(initMount.HostPath)))!, app.Launch.ScratchDirectory, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HostPathType_IsJudgedByTheRuntimesHostPaths_WhenItOffersThem(bool offered)
    {
        // A regular file asked for as a Socket: only the runtime's own view (here: everything is a socket) accepts it;
        // the portable fallback sees a file and the kubelet's type check refuses the mount.
        var file = Path.Combine(_host, "app.sock");
        await File.WriteAllTextAsync(file, string.Empty);
        await using var h = new EngineHarness();
        h.Runtime.HostPaths = offered ? new FixedHostPaths(Engine.Volumes.HostPathKind.Socket) : null;
        h.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: app
                image: busybox
                command: [sh]
                volumeMounts: [{name: sock, mountPath: /run/app.sock}]
              volumes:
              - name: sock
                hostPath: {path: {{file}}, type: Socket}
            """);

        if (offered)
        {
            var app = await h.Runtime.NextStartAsync();
            Assert.Equal(file, Assert.Single(app.Launch.Mounts!).HostPath);
        }
        else
        {
            await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedMount"));
            Assert.Empty(h.Runtime.All);
        }
    }

    [Fact]
    public async Task SubPathLinkedOutOfItsVolume_WaitsInCreateContainerConfigError_AndNothingStarts()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              initContainers:
              - name: link
                image: busybox
                command: [sh]
                volumeMounts: [{name: data, mountPath: /data}]
              containers:
              - name: app
                image: busybox
                command: [sh]
                volumeMounts: [{name: data, mountPath: /out, subPath: escape}]
              volumes:
              - name: data
                emptyDir: {}
            """);
        var init = await h.Runtime.NextStartAsync();
        // What a container can do in its emptyDir: a link to a host directory.
        Directory.CreateSymbolicLink(Path.Combine(Assert.Single(init.Launch.Mounts!).HostPath, "escape"), _host);
        init.Exit(0);

        // kubelet_pods.go makeMounts fails generateContainerConfig: CreateContainerConfigError, with no host detail.
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].State.Waiting?.Reason == "CreateContainerConfigError");
        Assert.Equal("failed to prepare subPath for volumeMount \"data\" of container \"app\"", h.Container("app").State.Waiting.Message);
        Assert.Contains(h.Observer.Events, e => e is { Type: "Warning", Reason: "Failed", Message: "Error: failed to prepare subPath for volumeMount \"data\" of container \"app\"" });
        Assert.Null(h.Container("app").LastState?.Terminated);
        Assert.Single(h.Runtime.All);
    }

    [Fact]
    public async Task Restart_GetsAFreshScratchDirectory()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              restartPolicy: OnFailure
              containers:
              - {name: app, image: busybox, command: [sh]}
            """);

        var first = await h.Runtime.NextStartAsync();
        first.Exit(1);
        var second = await h.Runtime.NextStartAsync();

        Assert.NotEqual(first.Launch.ScratchDirectory, second.Launch.ScratchDirectory);
    }

    [Fact]
    public async Task FailedHostPathCheck_KeepsThePodPendingWithFailedMount_UntilItPasses()
    {
        var missing = Path.Combine(_host, "data");
        await using var h = new EngineHarness();
        h.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: app
                image: busybox
                command: [sh]
                volumeMounts: [{name: data, mountPath: /data}]
              volumes:
              - name: data
                hostPath: {path: {{missing}}, type: Directory}
            """);

        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedMount"));
        var failed = h.Observer.Events.First(e => e.Reason == "FailedMount");
        Assert.Equal("Warning", failed.Type);
        Assert.Equal($"MountVolume.SetUp failed for volume \"data\" : hostPath type check failed: {missing} is not a directory", failed.Message);
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Equal("ContainerCreating", h.Container("app").State.Waiting.Reason);
        Assert.False(h.Runtime.TryGetNextStart(out _));

        Directory.CreateDirectory(missing);
        h.Time.Advance(TimeSpan.FromMilliseconds(500));

        var app = await h.Runtime.NextStartAsync();
        Assert.Equal(new Engine.Runtime.ContainerMount("/data", missing, false), Assert.Single(app.Launch.Mounts!));
    }

    [Fact]
    public async Task FailingMount_RetriesWithBackOff_AndReportsTheTimeoutEveryTwoMinutes()
    {
        await using var h = new EngineHarness();
        h.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: busybox, command: [sh]}
              volumes:
              - name: ok
                emptyDir: {}
              - name: data
                hostPath: {path: {{Path.Combine(_host, "never")}}, type: Directory}
            """);
        var start = h.Time.GetUtcNow();
        var attempts = new List<double>();
        var retry = TimeSpan.FromMilliseconds(500);
        for (var i = 1; i <= 9; i++)
        {
            // The recorder merges repeats (count + 1); the observer sees every update.
            await h.Observer.WaitForAsync(o => o.Events.Where(e => e.Message.StartsWith("MountVolume.SetUp", StringComparison.Ordinal)).Select(e => e.Count ?? 1).DefaultIfEmpty(0).Max() >= i);
            attempts.Add((h.Time.GetUtcNow() - start).TotalSeconds);
            if (i < 9)
            {
                h.Time.Advance(retry);
                retry *= 2;
            }
        }

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5, 63.5, 127.5], attempts);
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Message.StartsWith("Unable to attach", StringComparison.Ordinal)));
        var timedOut = Assert.Single(h.Observer.Events, e => e.Message.StartsWith("Unable to attach", StringComparison.Ordinal));
        Assert.Equal("Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[ok data]: timed out waiting for the condition", timedOut.Message);
        Assert.Equal("Warning", timedOut.Type);
        Assert.Empty(h.Runtime.All);
    }

    [Fact]
    public async Task DeletionDuringAFailingMount_RemovesThePodWithoutStartingAnything()
    {
        await using var h = new EngineHarness();
        h.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: busybox, command: [sh]}
              volumes:
              - name: data
                hostPath: {path: {{Path.Combine(_host, "never")}}, type: File}
            """);
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedMount"));

        h.Engine.Delete("default", "web");

        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(h.Runtime.All);
    }

    [Fact]
    public async Task PodRemoval_DeletesItsEmptyDirs()
    {
        await using var h = new EngineHarness();
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: app
                image: busybox
                command: [sh]
                volumeMounts: [{name: work, mountPath: /work}]
              volumes:
              - {name: work, emptyDir: {}}
            """);
        var app = await h.Runtime.NextStartAsync();
        var emptyDir = app.Launch.Mounts![0].HostPath;
        await File.WriteAllTextAsync(Path.Combine(emptyDir, "data"), "x");

        h.Engine.Delete("default", "web", 0);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(Directory.Exists(emptyDir));
    }
}
