using k8s;
using k8s.Models;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The engine on real processes: private /tmp per container, hooks in the container's view, volumes.</summary>
public sealed class EngineIsolationTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("podvisor-engine-iso-").FullName;
    private readonly RecordingObserver _observer = new();
    private ProcessContainerRuntime _runtime = null!;
    private PodEngine _engine = null!;

    public Task InitializeAsync()
    {
        _runtime = new ProcessContainerRuntime(TimeProvider.System);
        Assert.Equal(Isolation.IsolationMode.MountNamespace, _runtime.Isolation.Mode);
        _engine = new PodEngine(_runtime, ImageCatalog.Empty, _observer, new EngineOptions { StateDirectory = _state }, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _runtime.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task StaleHostPostStartDone_DoesNotShortCircuitThePostStartWait()
    {
        // The seed's pattern: the app waits for /tmp/postStart-done, which its postStart hook writes after a sleep.
        const string marker = "/tmp/postStart-done";
        using var held = await MachineLock.ForHostPostStartFileAsync(TimeSpan.FromMinutes(5));
        var created = !File.Exists(marker);
        if (created)
        {
            await File.WriteAllTextAsync(marker, "stale, from the host\n");
        }

        try
        {
            Admit("""
                apiVersion: v1
                kind: Pod
                metadata: {name: poststart}
                spec:
                  containers:
                  - name: app
                    image: busybox
                    command: [sh, -c, 'while [ ! -f /tmp/postStart-done ]; do sleep 0.05; done; echo "postStart Message: $(cat /tmp/postStart-done)"; sleep 1000']
                    lifecycle:
                      postStart:
                        exec:
                          command: [sh, -c, 'sleep 1 && echo written by the hook > /tmp/postStart-done']
                """);

            await _observer.WaitForAsync(o => o.Lines.Any(l => l.Text.StartsWith("postStart Message:", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));

            var line = _observer.Lines.Single(l => l.Text.StartsWith("postStart Message:", StringComparison.Ordinal));
            Assert.Equal("postStart Message: written by the hook", line.Text);
            var hookStarted = _observer.Timeline.Single(t => t.Step == TimelineStep.PostStartStarted);
            Assert.True(line.Time - hookStarted.At >= TimeSpan.FromSeconds(0.9), "the app waited for the hook's sleep");
            if (created)
            {
                Assert.Equal("stale, from the host\n", await File.ReadAllTextAsync(marker));
            }
        }
        finally
        {
            if (created)
            {
                File.Delete(marker);
            }
        }
    }

    [Fact]
    public async Task TwoPods_SameTmpFileName_NeitherSeesTheOther()
    {
        foreach (var name in new[] { "one", "two" })
        {
            Admit($$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: {{name}}}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: busybox
                    command: [sh, -c, 'cat /tmp/owner 2>/dev/null || echo none; echo {{name}} > /tmp/owner; sleep 0.3; echo "mine: $(cat /tmp/owner)"']
                """);
        }

        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["none", "mine: one"], _observer.Lines.Where(l => l.PodName == "one").Select(l => l.Text));
        Assert.Equal(["none", "mine: two"], _observer.Lines.Where(l => l.PodName == "two").Select(l => l.Text));
    }

    [Fact]
    public async Task Restart_StartsWithAFreshTmp_AsANewContainerInstance()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: restarts}
            spec:
              restartPolicy: OnFailure
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'if [ -e /tmp/seen ]; then echo kept; exit 0; fi; touch /tmp/seen; echo fresh; exit 1']
            """);

        await _observer.WaitForAsync(o => o.Lines.Count(l => l.PodName == "restarts") >= 2, TimeSpan.FromSeconds(20));

        Assert.Equal(["fresh", "fresh"], _observer.Lines.Where(l => l.PodName == "restarts").Take(2).Select(l => l.Text));
    }

    [Fact]
    public async Task TerminationMessage_InThePrivateTmp_IsRead_AsInTheKubernetesDocsExample()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: termination-demo}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'echo Sleep expired > /tmp/my-log; exit 1']
                terminationMessagePath: /tmp/my-log
            """);

        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));

        var terminated = _engine.Pods.Single().Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(1, terminated.ExitCode);
        Assert.Equal("Sleep expired\n", terminated.Message);
        Assert.False(File.Exists("/tmp/my-log") && File.ReadAllText("/tmp/my-log") == "Sleep expired\n");
    }

    [Fact]
    public async Task Hook_SeesWhatTheContainerWroteInItsPrivateTmp()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: view}
            spec:
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'echo private > /tmp/state; echo ready; sleep 1000']
                lifecycle:
                  postStart:
                    exec:
                      command: [sh, -c, 'while [ ! -f /tmp/state ]; do sleep 0.05; done; echo hook saw $(cat /tmp/state) > /tmp/hook']
            """);
        await _observer.WaitForStepAsync("app", TimelineStep.PostStartSucceeded);

        Assert.False(File.Exists("/tmp/hook") && File.ReadAllText("/tmp/hook").StartsWith("hook saw", StringComparison.Ordinal));

        // The step is reported before the status that follows from it is published.
        await _observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
    }

    [Fact]
    public async Task InitContainerPattern_EmptyDir_InitPreparesTheAppReads_RemovedWithThePod()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: init-pattern}
            spec:
              restartPolicy: Never
              initContainers:
              - name: prepare
                image: busybox
                command: [sh, -c, 'echo "greeting=hello from init" > /srv/config']
                volumeMounts: [{name: work, mountPath: /srv}]
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'cat /tmp/config/config; touch /tmp/config/x 2>/dev/null || echo read-only']
                volumeMounts: [{name: work, mountPath: /tmp/config, readOnly: true}]
              volumes:
              - name: work
                emptyDir: {}
            """);

        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["greeting=hello from init", "read-only"], _observer.Lines.Where(l => l.ContainerName == "app").Select(l => l.Text));
        Assert.Equal("Succeeded", _engine.Pods.Single().Status.Phase);
        var podDirectory = Path.Combine(_state, "kubelet", "pods", _engine.Pods.Single().Metadata.Uid);
        Assert.True(Directory.Exists(Path.Combine(podDirectory, "volumes", "kubernetes.io~empty-dir", "work")));

        _engine.Delete("default", "init-pattern");
        await _engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(Directory.Exists(podDirectory));
        Assert.False(File.Exists("/srv/config"), "the mount is private to the container");
    }

    [Fact]
    public async Task HostPath_DirectoryOrCreate_IsCreatedAndShared_SocketTypeFailsWithTheKubeletsWords()
    {
        var created = Path.Combine(_state, "host", "made-by-kubelet");
        var notASocket = Path.Combine(_state, "plain-file");
        await File.WriteAllTextAsync(notASocket, "x");
        Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: hostpaths}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'echo from-container > /mnt/host/out']
                volumeMounts: [{name: dir, mountPath: /mnt/host}]
              volumes:
              - name: dir
                hostPath: {path: {{created}}, type: DirectoryOrCreate}
            """);
        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("from-container\n", await File.ReadAllTextAsync(Path.Combine(created, "out")));

        Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: socket}
            spec:
              containers:
              - {name: app, image: busybox, command: [sh, -c, 'sleep 1000']}
              volumes:
              - name: sock
                hostPath: {path: {{notASocket}}, type: Socket}
            """);
        await _observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "FailedMount"));

        Assert.Equal(
            $"MountVolume.SetUp failed for volume \"sock\" : hostPath type check failed: {notASocket} is not a socket file",
            _observer.Events.First(e => e.Reason == "FailedMount").Message);
        Assert.Equal("ContainerCreating", _engine.Pods.Single(p => p.Metadata.Name == "socket").Status.ContainerStatuses.Single().State.Waiting.Reason);
    }

    private void Admit(string yaml)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        pod.Metadata.NamespaceProperty = "default";
        pod.Metadata.Uid = Guid.NewGuid().ToString();
        pod.Spec.RestartPolicy ??= "Always";
        pod.Spec.TerminationGracePeriodSeconds ??= 2;
        foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
        {
            container.TerminationMessagePath ??= "/dev/termination-log";
            container.TerminationMessagePolicy ??= "File";
        }

        _engine.Admit(pod);
    }
}
