using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests;

/// <summary>Probes and sidecars through the published <c>podvisor run</c>, read back from <c>-o json</c>.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunProbesTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task LivenessFailure_UnhealthyKillingRestart_InEventsAndStatus()
    {
        var closed = ClosedPort();
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--stop-after", "8s", "-o", "json"], $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: web
                image: busybox:1.36
                command: [sleep, "600"]
                livenessProbe:
                  tcpSocket: {port: {{closed}}}
                  periodSeconds: 1
                  failureThreshold: 2
            """);

        await run.WaitForExitAsync();
        using var document = JsonDocument.Parse(run.Stdout);
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        var events = items.Where(i => i.GetProperty("kind").GetString() == "Event").ToList();
        var reasons = events.Select(e => e.GetProperty("reason").GetString()).ToList();
        Assert.True(
            IsInOrder(["Scheduled", "Pulled", "Created", "Started", "Unhealthy", "Killing"], reasons),
            $"events: {string.Join(", ", reasons)}\n{run.Describe()}");

        var unhealthy = events.First(e => e.GetProperty("reason").GetString() == "Unhealthy");
        Assert.Equal("Warning", unhealthy.GetProperty("type").GetString());
        Assert.Equal($"Liveness probe failed: dial tcp 127.0.0.1:{closed}: connect: connection refused", unhealthy.GetProperty("message").GetString());
        Assert.True(unhealthy.GetProperty("count").GetInt32() >= 2);
        Assert.Equal("spec.containers{web}", unhealthy.GetProperty("involvedObject").GetProperty("fieldPath").GetString());
        Assert.Contains(events, e => e.GetProperty("reason").GetString() == "Killing"
            && e.GetProperty("message").GetString() == "Container web failed liveness probe, will be restarted");

        // Killed once (restarted at once), then again (now in a 10 s back-off): restartCount stays 1 until the stop.
        var status = items[0].GetProperty("status").GetProperty("containerStatuses")[0];
        Assert.Equal(1, status.GetProperty("restartCount").GetInt32());
        var last = status.GetProperty("lastState").GetProperty("terminated");
        // `sleep` is its container's PID 1: it ignores the liveness kill's SIGTERM and dies of SIGKILL at the grace period, as on a cluster.
        Assert.Equal(137, last.GetProperty("exitCode").GetInt32());
        Assert.Equal("Error", last.GetProperty("reason").GetString());
        Assert.Contains("LivenessProbeFailed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbesExample_StartsReadyThenRestartsOnLiveness()
    {
        // The example listens on the host's 18080; the CRI tests run it there too, at the same time.
        using var port = await MachineLock.ForPortAsync(18080, TimeSpan.FromMinutes(5));
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("probes/web.yaml"), "--stop-after", "10s", "-o", "json"]);

        Assert.Equal(0, await run.WaitForExitAsync());
        using var document = JsonDocument.Parse(run.Stdout);
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        var messages = items.Where(i => i.GetProperty("kind").GetString() == "Event").Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Contains("Startup probe failed: HTTP probe failed with statuscode: 503", messages);
        Assert.Contains("Liveness probe failed: HTTP probe failed with statuscode: 500", messages);
        Assert.Contains("Container web failed liveness probe, will be restarted", messages);
        var status = items[0].GetProperty("status").GetProperty("containerStatuses")[0];
        Assert.Equal(1, status.GetProperty("restartCount").GetInt32());
        var steps = run.Stderr.Split('\n');
        Assert.True(
            IsInOrder(["StartupProbeSucceeded", "ContainerReady", "LivenessProbeFailed", "Container web failed liveness probe", "attempt 1"], steps, contains: true),
            run.Describe());
    }

    [Fact]
    public async Task SidecarExample_AppGatedOnStartupProbe_SidecarsStopInReverse_PodSucceeds()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("sidecar/pod.yaml"), "-o", "json"]);

        Assert.Equal(0, await run.WaitForExitAsync());
        using var document = JsonDocument.Parse(run.Stdout);
        var pod = document.RootElement.GetProperty("items")[0];
        Assert.Equal("Succeeded", pod.GetProperty("status").GetProperty("phase").GetString());
        var lines = run.Stderr.Split('\n');
        Assert.True(
            IsInOrder(["sidecar-demo/proxy > StartupProbeSucceeded", "sidecar-demo/app   ! event Normal Started", "sidecar-demo/app   > ContainerExited",
                "sidecar-demo/proxy > StopSignalSent", "sidecar-demo/proxy > ContainerExited", "sidecar-demo/logs  > StopSignalSent", "sidecar-demo/logs  > ContainerExited"], lines, contains: true),
            run.Describe());
    }

    private static bool IsInOrder(IReadOnlyList<string> expected, IReadOnlyList<string?> actual, bool contains = false)
    {
        var position = 0;
        foreach (var item in expected)
        {
            while (position < actual.Count && !(contains ? actual[position]?.Contains(item, StringComparison.Ordinal) == true : actual[position] == item))
            {
                position++;
            }

            if (position == actual.Count)
            {
                return false;
            }

            position++;
        }

        return true;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
