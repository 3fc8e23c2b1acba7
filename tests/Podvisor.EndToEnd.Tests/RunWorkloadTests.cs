using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// <c>podvisor run</c> of files with Deployments and Services (served in process by serve's controllers and proxy),
/// and the <c>--rollout</c> verdict on the examples/rollout pair. The endpoint delay is 1 s, so the broken app's
/// loss is the delay's doing (every connection the proxy still sends to the stopped pod in that second is refused),
/// not luck: 20 requests/s put about ten of them there per restart.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed partial class RunWorkloadTests(PodvisorExecutable podvisor)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly string[] RolloutFlags = ["--rollout", "--endpoint-delay", "1s", "--rollout-rate", "20", "--rollout-timeout", "30s", "-o", "json"];

    [Fact]
    public async Task Rollout_Drops_LosesRequestsAfterEachSigterm_ExitsFour()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("rollout/drops.yaml"), .. RolloutFlags]);

        Assert.True(4 == await run.WaitForExitAsync(Bound), run.Describe());
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.True((bool)report["completed"]!, run.Describe());
        Assert.True((int)report["requests"]!["failed"]! > 0, run.Describe());
        var windows = report["failures"]!.AsArray();
        // Every loss follows an old pod's SIGTERM: the endpoint still routed to it after it had exited.
        Assert.All(windows, w => Assert.NotNull((string?)w!["afterSigtermOf"]));
        var oldPods = report["oldPods"]!.AsArray();
        Assert.Equal(2, oldPods.Count);
        Assert.All(oldPods, p => Assert.True((double)p!["sigtermToExitSeconds"]! < 1, run.Describe()));
    }

    [Fact]
    public async Task Rollout_ZeroDowntime_LosesNone_ExitsZero()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("rollout/zero-downtime.yaml"), .. RolloutFlags]);

        Assert.True(0 == await run.WaitForExitAsync(Bound), run.Describe());
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.True((bool)report["completed"]!, run.Describe());
        Assert.Equal(0, (int)report["requests"]!["failed"]!);
        // Two restarts, each at least the 6 s preStop sleep, at 20 requests/s.
        Assert.True((int)report["requests"]!["sent"]! > 150, run.Describe());
        Assert.NotNull(report["latencySeconds"]!["p99"]);
        var oldPods = report["oldPods"]!.AsArray();
        Assert.Equal(2, oldPods.Count);
        Assert.All(oldPods, p => Assert.Contains("preStop succeeded", (string?)p!["ended"], StringComparison.Ordinal));
        Assert.All(oldPods, p => Assert.True((double)p!["sigtermSinceRestartSeconds"]! >= 6, run.Describe()));
    }

    [Fact]
    public async Task DeploymentAndService_PodsFromTheReplicaSet_ServiceAnswersAtThePrintedAddress()
    {
        var port = FreePort();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: web
                    image: python:3-slim
                    # As PID 1, python must handle SIGTERM itself to stop gracefully.
                    command:
                    - python3
                    - -c
                    - |
                      import http.server, signal, sys
                      signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
                      http.server.HTTPServer(("127.0.0.1", {{{port}}}), http.server.SimpleHTTPRequestHandler).serve_forever()
                    ports: [{name: http, containerPort: {{{port}}}}]
                    readinessProbe: {tcpSocket: {port: http}, periodSeconds: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 8080, targetPort: http}]
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--endpoint-delay", "0s"], manifest);

        var line = await run.WaitForStderrAsync("service/web: http://");
        var address = ServiceAddress().Match(line).Value;
        await run.WaitForStderrLineAsync(l => PodName().IsMatch(l) && l.Contains("ContainerReady", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await FirstAnswerAsync(new Uri(address), run));

        await run.SignalAsync("INT");
        Assert.True(0 == await run.WaitForExitAsync(Bound), run.Describe());
        Assert.Contains("deployment/web ! event Normal ScalingReplicaSet: Scaled up replica set web-", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\| web-[a-z0-9]+-[a-z0-9]{5}\s+\| Succeeded", run.Stdout + run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(run.StateDirectory, "serve")), "the in-process server's data directory is removed at exit");
    }

    [Fact]
    public async Task InvalidDeployment_ApiServersMessage_NothingStarts_ExitsTwo()
    {
        const string Manifest = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 8080}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: -1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: busybox:1.36}]}
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifest);

        Assert.True(2 == await run.WaitForExitAsync(Bound), run.Describe());
        Assert.Contains("Error from server (Invalid): error when creating \"-: document 2\": Deployment", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("service/web:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PodAdmitted", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The proxy picks up the ready endpoint at its next pass: polled with a bound, not slept on.</summary>
    private static async Task<HttpStatusCode> FirstAnswerAsync(Uri address, PodvisorProcess run)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(address);
                return response.StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException exception)
            {
                throw new Xunit.Sdk.XunitException($"{address} did not answer within 20 s: {exception.Message}\n{run.Describe()}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"http://[0-9.]+:[0-9]+")]
    private static partial Regex ServiceAddress();

    [GeneratedRegex(@"web-[a-z0-9]+-[a-z0-9]{5}/web")]
    private static partial Regex PodName();
}
