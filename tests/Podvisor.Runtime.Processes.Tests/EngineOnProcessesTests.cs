using k8s;
using k8s.Models;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Timeline;
using Podvisor.Runtime.Processes;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The engine on real processes and real time: the kubelet's termination rules, observed.</summary>
public sealed class EngineOnProcessesTests : IAsyncLifetime
{
    // Not under /tmp: the init-container test shares a file through it, and every container has a private /tmp.
    private readonly string _state = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-engine-it-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly RecordingObserver _observer = new();
    private ProcessContainerRuntime _runtime = null!;
    private PodEngine _engine = null!;

    public Task InitializeAsync()
    {
        _runtime = new ProcessContainerRuntime(TimeProvider.System);
        _engine = new PodEngine(_runtime, ImageCatalog.Empty, _observer, new EngineOptions { StateDirectory = _state }, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // The engine kills what is left; the runtime then reaps every group it still owns.
        await _engine.DisposeAsync();
        await _runtime.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private void Admit(string yaml)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(yaml);
        pod.Metadata.NamespaceProperty = "default";
        pod.Metadata.Uid = Guid.NewGuid().ToString();
        pod.Spec.RestartPolicy ??= "Always";
        _engine.Admit(pod);
    }

    private V1ContainerStatus Final(string container) =>
        _engine.Pods.Single().Status.ContainerStatuses.Concat(_engine.Pods.Single().Status.InitContainerStatuses ?? []).Single(s => s.Name == container);

    [Fact]
    public async Task IgnoresSigterm_KilledWithSigkillAtGracePeriod_Exit137()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stubborn}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'trap "" TERM; echo ready; while true; do sleep 1; done']
            """);
        await _observer.WaitForAsync(o => o.Lines.Any(l => l.Text == "ready"));

        _engine.DeleteAll();
        await _engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(20));

        var stop = _observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent);
        var kill = _observer.Timeline.Single(t => t.Step == TimelineStep.KillSent);
        // Never before the grace period (how late after it is measured in bench/, not asserted here).
        Assert.True(kill.At - stop.At >= TimeSpan.FromSeconds(2), $"SIGKILL {(kill.At - stop.At).TotalMilliseconds} ms after SIGTERM");
        Assert.Equal(137, Final("app").State.Terminated.ExitCode);
    }

    [Fact]
    public async Task HandlesSigterm_ExitsAtOnce_NoSigkill()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: polite}
            spec:
              terminationGracePeriodSeconds: 30
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'trap "echo draining; exit 0" TERM; echo ready; while true; do sleep 1 & wait $!; done']
            """);
        await _observer.WaitForAsync(o => o.Lines.Any(l => l.Text == "ready"));

        _engine.DeleteAll();
        await _engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain(_observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Contains(_observer.Lines, l => l.Text == "draining");
        Assert.Equal(0, Final("app").State.Terminated.ExitCode);
        Assert.Equal("Succeeded", _engine.Pods.Single().Status.Phase);
    }

    [Fact]
    public async Task PreStopSleepLongerThanGrace_IsCut_StopSignalAfterGrace()
    {
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: slow-prestop}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'trap "exit 0" TERM; echo ready; while true; do sleep 1 & wait $!; done']
                lifecycle:
                  preStop: {sleep: {seconds: 60}}
            """);
        await _observer.WaitForAsync(o => o.Lines.Any(l => l.Text == "ready"));

        _engine.DeleteAll();
        await _engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(20));

        var deleted = _observer.Timeline.Single(t => t.Step == TimelineStep.DeletionRequested);
        var cut = _observer.Timeline.Single(t => t.Step == TimelineStep.PreStopTimedOut);
        var stop = _observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent);
        Assert.True(cut.At - deleted.At >= TimeSpan.FromSeconds(1), $"the hook was cut {(cut.At - deleted.At).TotalMilliseconds} ms after deletion");
        Assert.True(stop.At >= cut.At);
        Assert.DoesNotContain(_observer.Timeline, t => t.Step is TimelineStep.PreStopSucceeded or TimelineStep.PreStopFailed);
        Assert.Equal(0, Final("app").State.Terminated.ExitCode);
    }

    [Fact]
    public async Task InitContainers_LeaveTheirOrderInASharedFile_BeforeTheAppStarts()
    {
        var shared = Path.Combine(_state, "order");
        Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: ordered}
            spec:
              restartPolicy: Never
              initContainers:
              - {name: first, image: busybox, command: [sh, -c, 'sleep 0.2; echo first >> {{shared}}']}
              - {name: second, image: busybox, command: [sh, -c, 'echo second >> {{shared}}']}
              containers:
              - {name: app, image: busybox, command: [sh, -c, 'echo app >> {{shared}}']}
            """);

        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["first", "second", "app"], await File.ReadAllLinesAsync(shared));
        Assert.Equal("Succeeded", _engine.Pods.Single().Status.Phase);
    }

    /// <summary>
    /// A Burstable pod's resources reach its process as the kubelet computes them and runc applies them (as root): limits.cpu
    /// 250m is a CFS quota of 25 ms every 100 ms, requests.cpu 100m 102 shares, limits.memory the memory limit, and the
    /// memory request the QoS class's OOM score, 1000 − 1000 × 64 Mi / node memory, never below 3 (the machine decides it).
    /// </summary>
    [Fact]
    public async Task Resources_AreTheProcesssCgroupValuesAndOomScore()
    {
        Assert.True(Platform.Native.geteuid() == 0, "this test needs root (cgroups): run the tests as root, as .ci/run does");
        Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: sized}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'cpu=/sys/fs/cgroup/cpu$(grep -E "^[0-9]+:cpu(,cpuacct)?:" /proc/self/cgroup | cut -d: -f3); mem=/sys/fs/cgroup/memory$(grep -E "^[0-9]+:memory:" /proc/self/cgroup | cut -d: -f3); echo "$(cat $cpu/cpu.cfs_quota_us) $(cat $cpu/cpu.cfs_period_us) $(cat $cpu/cpu.shares) $(cat $mem/memory.limit_in_bytes) $(cat /proc/self/oom_score_adj)"']
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: 250m, memory: 128Mi}
            """);

        await _engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(File.Exists("/sys/fs/cgroup/cgroup.controllers"), "this test reads cgroup v1's files; a v2 host needs its own reading");
        var memoryKiB = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var capacity = long.Parse(memoryKiB, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        var score = Math.Min(999, Math.Max(3, 1000 - (1000 * 64L * 1024 * 1024 / capacity)));
        Assert.Equal($"25000 100000 102 {128L * 1024 * 1024} {score}", _observer.Lines.Single().Text);
    }
}
