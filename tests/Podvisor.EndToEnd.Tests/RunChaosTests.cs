using System.Net;
using System.Net.Sockets;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary><c>podvisor run --chaos</c>: each fault provoked through the real executable and seen in what a user sees.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunChaosTests(PodvisorExecutable podvisor)
{
    // PID 1 of a PID namespace ignores SIGTERM without a handler: the trap makes the app drain at once.
    private const string TrappingApp = "trap 'echo got TERM; exit 0' TERM; echo entrypoint started; while true; do sleep 1 & wait $!; done";

    [Fact]
    public async Task PostStartTwice_HookThatAppends_RunsTwiceBeforeTheContainerIsRunning()
    {
        var data = Directory.CreateTempSubdirectory("podvisor-e2e-chaos-");
        try
        {
            var manifest = $$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: twice}
                spec:
                  terminationGracePeriodSeconds: 5
                  volumes:
                  - name: data
                    hostPath:
                      path: {{data.FullName}}
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sh, -c, "{{TrappingApp}}"]
                    volumeMounts: [{name: data, mountPath: /data}]
                    lifecycle:
                      postStart:
                        exec: {command: [sh, -c, "echo registered >> /data/registrations"]}
                """;
            await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "poststart-twice", "-"], manifest);

            // The container counts as started only once the second delivery has completed.
            await run.WaitForStderrAsync("twice/app > PostStartSucceeded");
            Assert.Equal(["registered", "registered"], await File.ReadAllLinesAsync(Path.Combine(data.FullName, "registrations")));
            Assert.Contains("event Warning ChaosInjected: poststart-twice: running the postStart hook a second time (at-least-once delivery)", run.Stderr, StringComparison.Ordinal);

            await run.SignalAsync("INT");
            Assert.Equal(0, await run.WaitForExitAsync());
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PostStartEarly_ExecHook_BeginsBeforeTheEntrypointWritesAnything()
    {
        var manifest = $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: early}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, "{{TrappingApp}}"]
                lifecycle:
                  postStart:
                    exec: {command: [sh, -c, "sleep 1"]}
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "poststart-early", "-"], manifest);

        await run.WaitForStderrAsync("early/app | entrypoint started");
        await run.WaitForStderrAsync("early/app > PostStartSucceeded");
        await run.SignalAsync("INT");
        Assert.Equal(0, await run.WaitForExitAsync());

        var lines = run.Stderr.Split('\n').ToList();
        var hookStarted = lines.FindIndex(l => l.Contains("early/app > PostStartStarted", StringComparison.Ordinal));
        var entrypoint = lines.FindIndex(l => l.Contains("early/app | entrypoint started", StringComparison.Ordinal));
        Assert.True(hookStarted >= 0 && hookStarted < entrypoint, run.Describe());
        Assert.Contains("early/app > ChaosInjected poststart-early: entrypoint released, the postStart hook began first", run.Stderr, StringComparison.Ordinal);

        // The held entrypoint is the same program afterwards: it still drains on SIGTERM as PID 1.
        Assert.Contains("early/app | got TERM", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostStartEarly_HttpGetHookOnTheAppsOwnPort_RefusedBecauseTheAppHasNotStarted()
    {
        var port = FreePort();
        var manifest = $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: early-http}
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
              - name: web
                image: busybox:1.36
                command: [python3, -m, http.server, "{{port}}", --bind, 127.0.0.1]
                lifecycle:
                  postStart:
                    httpGet: {path: ready, port: {{port}} }
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "poststart-early", "-"], manifest);

        Assert.Equal(1, await run.WaitForExitAsync());
        Assert.Contains(
            $"early-http/web > PostStartFailed HTTP lifecycle hook (ready) for Container \"web\"",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Contains($"Get \"http://127.0.0.1:{port}/ready\": dial tcp 127.0.0.1:{port}: connect: connection refused", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("event Warning FailedPostStartHook: PostStartHook failed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropHttpHook_PreStopRequestNeverReachesTheServer_FailedPreStopHook_ExitsThree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var manifest = $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: drop}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, "{{TrappingApp}}"]
                lifecycle:
                  preStop:
                    httpGet: {path: shutdown, port: {{port}} }
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "drop-http-hook", "-"], manifest);

        await run.WaitForStderrAsync("phase Pending → Running");
        await run.SignalAsync("INT");

        Assert.Equal(3, await run.WaitForExitAsync());
        Assert.Contains($"event Warning ChaosInjected: drop-http-hook: preStop request GET http://127.0.0.1:{port}/shutdown dropped, not sent", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"drop/app > PreStopFailed HTTP lifecycle hook (shutdown) for Container \"app\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"dial tcp 127.0.0.1:{port}: connect: connection refused", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("event Warning FailedPreStopHook: PreStopHook failed", run.Stderr, StringComparison.Ordinal);

        // The server was listening the whole time: nothing was sent to it.
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task LateStopSignal_SigtermComesWithOnlyTheKubeletsTwoSecondMinimumLeft()
    {
        var manifest = $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: late}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, "{{TrappingApp}}"]
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "late-stop-signal", "-"], manifest);

        await run.WaitForStderrAsync("late/app | entrypoint started");
        await run.SignalAsync("INT");

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains("late/app > ChaosInjected late-stop-signal: stop signal held 3s, sent with the kubelet's minimum 2s before SIGKILL", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("late/app > StopSignalSent SIGTERM, SIGKILL in 2s", run.Stderr, StringComparison.Ordinal);
        var lines = run.Stderr.Split('\n').ToList();
        var held = lines.FindIndex(l => l.Contains("late/app > ChaosInjected", StringComparison.Ordinal));
        var term = lines.FindIndex(l => l.Contains("late/app | got TERM", StringComparison.Ordinal));
        Assert.True(held >= 0 && held < term, run.Describe());
    }

    [Fact]
    public async Task UnknownFault_ExitsTwoListingTheValidOnes()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "late-stop-signal,poststart-thrice", podvisor.Example("lifecycle/pod.yaml")]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(
            "error: invalid argument for \"--chaos\" flag: unknown fault \"poststart-thrice\": valid faults are poststart-twice, poststart-early, drop-http-hook, late-stop-signal",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.StateDirectory));
    }

    [Fact]
    public async Task PostStartEarly_OnContainerd_ExitsTwoNamingTheRuntime()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["--chaos", "poststart-early", "--runtime", "containerd", podvisor.Example("lifecycle/pod.yaml")]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(
            "error: --chaos poststart-early needs the process runtime (--runtime process): containerd runs an exec only in a container whose entrypoint has started",
            run.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
