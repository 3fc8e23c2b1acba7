using Grpc.Health.V1;
using k8s;
using k8s.Models;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Timeline;
using Podvisor.Runtime.Processes.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests.Probes;

/// <summary>Probes on real processes, real time and real endpoints on 127.0.0.1.</summary>
public sealed class ProbesOnProcessesTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    // Not under /tmp: the exec test shares a file with the container, which may have a private /tmp.
    private readonly string _state = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-probes-it-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly RecordingObserver _observer = new();
    private ProcessContainerRuntime _runtime = null!;
    private PodEngine _engine = null!;
    private ProbeEndpoints _endpoints = null!;

    public async Task InitializeAsync()
    {
        _endpoints = await ProbeEndpoints.StartAsync();
        _runtime = new ProcessContainerRuntime(TimeProvider.System);
        _engine = new PodEngine(_runtime, ImageCatalog.Empty, _observer, new EngineOptions { StateDirectory = _state }, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _runtime.DisposeAsync();
        await _endpoints.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private void Admit(string containerExtra, string podExtra = "")
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              terminationGracePeriodSeconds: 5
            {{podExtra}}
              containers:
              - name: web
                image: busybox
                command: [sleep, "600"]
            {{containerExtra}}
            """);
        pod.Metadata.NamespaceProperty = "default";
        pod.Metadata.Uid = Guid.NewGuid().ToString();
        pod.Spec.RestartPolicy ??= "Always";
        _engine.Admit(pod);
    }

    private V1ContainerStatus Web => _engine.Pods.Single().Status.ContainerStatuses.Single();

    private Task WaitAsync(Func<RecordingObserver, bool> condition) => _observer.WaitForAsync(condition, Bound);

    [Fact]
    public async Task HttpGetLiveness_503_UnhealthyThenKillingAndRestart_WithKubeProbeUserAgent()
    {
        Admit($$"""
                livenessProbe:
                  httpGet: {path: /healthz, port: {{_endpoints.HttpPort}}}
                  periodSeconds: 1
                  failureThreshold: 2
                  timeoutSeconds: 5
            """);
        // timeoutSeconds 5, not the default 1: on a loaded CI machine the test's own endpoint once answered too late,
        // a real timeout the probe rightly reported; this test is about the 503.
        await WaitAsync(_ => _endpoints.UserAgents.Count >= 2);
        Assert.DoesNotContain(_observer.Events, e => e.Reason == "Unhealthy");
        _endpoints.HttpStatus = 503;

        await WaitAsync(o => o.Events.Any(e => e.Reason == "Killing"));
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].RestartCount == 1 && o.LastStatus.Status.ContainerStatuses[0].State.Running is not null);

        Assert.Contains(_observer.Events, e => e.Reason == "Unhealthy" && e.Message == "Liveness probe failed: HTTP probe failed with statuscode: 503" && e.Count == 2);
        Assert.Equal("Container web failed liveness probe, will be restarted", _observer.Events.Single(e => e.Reason == "Killing").Message);
        Assert.All(_endpoints.UserAgents, ua => Assert.Equal("kube-probe/1.32", ua));
        // `sleep` is PID 1 of its container: it ignores SIGTERM and is SIGKILLed at the grace period, as on a cluster.
        Assert.Equal(137, Web.LastState.Terminated.ExitCode);
    }

    [Fact]
    public async Task Deletion_AppThatDrainsOnSigterm_ShowsUnreadyDuringTheGracePeriod()
    {
        var readyFile = Path.Combine(_state, "ready");
        Admit($$"""
                command: [sh, -c, 'trap "rm -f {{readyFile}}; echo draining" TERM; touch {{readyFile}}; while true; do sleep 1 & wait $!; done']
                readinessProbe:
                  exec: {command: [test, -f, {{readyFile}}]}
                  periodSeconds: 1
                  failureThreshold: 1
            """);
        // Ready means the file exists, so the trap is already set (it comes first).
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);

        _engine.DeleteAll();

        // Seen while the container still runs (it ignores SIGTERM past the trap; SIGKILL is 5 s away).
        await WaitAsync(o => o.LastStatus is { Metadata.DeletionTimestamp: not null } pod
            && pod.Status.ContainerStatuses[0] is { Ready: false, State.Running: not null });
        Assert.Equal("False", _observer.LastStatus!.Status.Conditions.Single(c => c.Type == "Ready").Status);

        await WaitAsync(o => o.Lines.Any(l => l.Text == "draining"));

        _engine.DeleteAll(0);
        await _engine.WhenAllRemoved.WaitAsync(Bound);
        Assert.Equal(137, Web.State.Terminated.ExitCode);
    }

    [Fact]
    public async Task HttpGet_SlowerThanTimeout_FailsWithGoTimeoutText()
    {
        _endpoints.HttpDelay = TimeSpan.FromSeconds(3);
        Admit($$"""
                readinessProbe:
                  httpGet: {path: /healthz, port: {{_endpoints.HttpPort}}}
                  timeoutSeconds: 1
            """);
        await WaitAsync(o => o.Events.Any(e => e.Reason == "Unhealthy"));

        var message = _observer.Events.First(e => e.Reason == "Unhealthy").Message;
        Assert.Equal($"Readiness probe failed: Get \"http://127.0.0.1:{_endpoints.HttpPort}/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", message);
        Assert.False(Web.Ready);
    }

    [Fact]
    public async Task HttpGet_RedirectToAnotherHost_IsAWarningAndCountsAsReady()
    {
        var elsewhere = Uri.EscapeDataString($"http://localhost:{_endpoints.HttpPort}/healthz");
        Admit($$"""
                readinessProbe:
                  httpGet: {path: "/redirect?to={{elsewhere}}", port: {{_endpoints.HttpPort}}}
            """);
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);

        Assert.Contains(_observer.Events, e => e.Reason == "ProbeWarning" && e.Message == "Readiness probe warning: Probe terminated redirects, Response body: ");
        Assert.Equal("True", _engine.Pods.Single().Status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public async Task TcpSocket_RefusedPort_FailsWithDialError_OpenPortIsReady()
    {
        var closed = ProbeEndpoints.ClosedPort();
        Admit($$"""
                ports: [{name: http, containerPort: {{_endpoints.HttpPort}}}]
                readinessProbe:
                  tcpSocket: {port: http}
                livenessProbe:
                  tcpSocket: {port: {{closed}}}
                  periodSeconds: 1
                  failureThreshold: 100
            """);
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true && o.Events.Any(e => e.Reason == "Unhealthy"));

        Assert.Contains(_observer.Events, e => e.Message == $"Liveness probe failed: dial tcp 127.0.0.1:{closed}: connect: connection refused");
        Assert.Contains(_observer.Timeline, t => t.Step == TimelineStep.ContainerReady);
    }

    [Fact]
    public async Task Grpc_ServingThenNotServing_DrivesReadiness()
    {
        _endpoints.SetGrpc(HealthCheckResponse.Types.ServingStatus.Serving);
        Admit($$"""
                readinessProbe:
                  grpc: {port: {{_endpoints.GrpcPort}}}
                  periodSeconds: 1
                  failureThreshold: 1
            """);
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);

        _endpoints.SetGrpc(HealthCheckResponse.Types.ServingStatus.NotServing);
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == false);

        Assert.Contains(_observer.Events, e => e.Message == "Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")");
        Assert.NotEmpty(_endpoints.GrpcUserAgents);
        Assert.All(_endpoints.GrpcUserAgents, ua => Assert.StartsWith("kube-probe/1.32 grpc-dotnet/", ua, StringComparison.Ordinal));
        var ready = _engine.Pods.Single().Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [web]"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public async Task Grpc_NothingListening_TimesOutConnecting()
    {
        var closed = ProbeEndpoints.ClosedPort();
        Admit($$"""
                readinessProbe:
                  grpc: {port: {{closed}}}
            """);
        await WaitAsync(o => o.Events.Any(e => e.Reason == "Unhealthy"));

        Assert.Contains(_observer.Events, e => e.Message == $"Readiness probe failed: timeout: failed to connect service \"127.0.0.1:{closed}\" within 1s: context deadline exceeded");
    }

    [Fact]
    public async Task Exec_RunsInTheContainersWorkingDirectoryAndEnv_AndTimesOut()
    {
        // Under the state directory, which DisposeAsync removes after the engine has stopped every process.
        var work = Directory.CreateDirectory(Path.Combine(_state, "wd")).FullName;
        Admit($$"""
                workingDir: {{work}}
                env: [{name: MARKER, value: ready-file}]
                readinessProbe:
                  exec: {command: [sh, -c, 'test -f "$MARKER"']}
                  periodSeconds: 1
                livenessProbe:
                  exec: {command: [sh, -c, 'sleep 5']}
                  timeoutSeconds: 1
                  periodSeconds: 1
                  failureThreshold: 100
            """);
        await WaitAsync(o => o.LastStatus?.Status.Phase == "Running");
        Assert.False(Web.Ready);

        await File.WriteAllTextAsync(Path.Combine(work, "ready-file"), "ok");
        await WaitAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);
        await WaitAsync(o => o.Events.Any(e => e.Message == "Liveness probe failed: command \"sh -c sleep 5\" timed out"));
    }
}
