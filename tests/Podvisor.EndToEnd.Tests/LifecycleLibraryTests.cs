using System.Globalization;
using System.Net;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// Podvisor.Lifecycle.AspNetCore in a real process under <c>podvisor run</c> (the sample uses it): a real SIGTERM,
/// a real preStop call, and the pod's grace period. The app binds 127.0.0.1 on a free port, so it never meets
/// another test's server.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class LifecycleLibraryTests(PodvisorExecutable podvisor) : IDisposable
{
    private readonly List<string> _readyFiles = [];

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_ReadinessTurns503_AppKeepsServingThroughTheDrain_ThenExitsZeroWithinTheGracePeriod()
    {
        var port = HostTmp.FreePort();
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifest(port, preStop: false));
        await run.WaitForStderrAsync("Application started.");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = RequestTimeout };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);

        await run.SignalAsync("INT");
        await run.WaitForStderrAsync("Termination began (HostStopping): readiness is now false; draining for 3s");

        // Inside the 3 s drain: no longer ready, still serving.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);

        Assert.Equal(0, await run.WaitForExitAsync());
        var lines = run.Stderr.Split('\n');
        Assert.Contains(lines, line => line.Contains("grace period 10s, host shutdown timeout 5s", StringComparison.Ordinal));
        var sigterm = Array.FindIndex(lines, line => line.Contains("> StopSignalSent SIGTERM", StringComparison.Ordinal));
        var drained = Array.FindIndex(lines, line => line.Contains("Drain of 3s complete", StringComparison.Ordinal));
        var exited = Array.FindIndex(lines, line => line.Contains("> ContainerExited exit code 0", StringComparison.Ordinal));
        Assert.True(sigterm >= 0 && sigterm < drained && drained < exited, run.Describe());
        Assert.DoesNotContain(lines, line => line.Contains("KillSent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PreStopHook_DrainsBeforeAnswering_SigtermThenStopsWithoutASecondDrain()
    {
        var port = HostTmp.FreePort();
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifest(port, preStop: true));
        await run.WaitForStderrAsync("Application started.");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = RequestTimeout };

        await run.SignalAsync("INT");
        await run.WaitForStderrAsync("Termination began (PreStop)");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(0, await run.WaitForExitAsync());

        var lines = run.Stderr.Split('\n');
        var preStopStarted = Array.FindIndex(lines, line => line.Contains("> PreStopStarted HttpGetHookHandler", StringComparison.Ordinal));
        var drained = Array.FindIndex(lines, line => line.Contains("Drain of 3s complete", StringComparison.Ordinal));
        var preStopDone = Array.FindIndex(lines, line => line.Contains("> PreStopSucceeded", StringComparison.Ordinal));
        var sigterm = Array.FindIndex(lines, line => line.Contains("> StopSignalSent SIGTERM", StringComparison.Ordinal));
        Assert.True(preStopStarted >= 0 && preStopStarted < drained && preStopStarted < preStopDone && preStopDone < sigterm, run.Describe());

        // The hook answered only after the drain: its duration covers the 3 s. (The app's "Drain … complete" line and
        // the hook's answer travel on different channels, the log pipe and the HTTP connection, so their order in the
        // output is not theirs in time.)
        var took = System.Text.RegularExpressions.Regex.Match(lines[preStopDone], @"PreStopSucceeded HTTP 200 in ([0-9.]+)s");
        Assert.True(took.Success && double.Parse(took.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3.0, run.Describe());
        Assert.Single(lines, line => line.Contains("Drain of", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("> ContainerExited exit code 0", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        // The app leaves its ready file behind, as the original does; on the host's /tmp when the pod has no private one.
        foreach (var file in _readyFiles)
        {
            File.Delete(file);
        }
    }

    private string Manifest(int port, bool preStop)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        _readyFiles.Add($"/tmp/lifecycle-library-{portText}-ready");
        var hook = preStop
            ? $$"""
                lifecycle:
                  preStop:
                    httpGet:
                      port: {{portText}}
                      path: /lifecycle/prestop
            """
            : string.Empty;
        return $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: lifecycle-library
            spec:
              terminationGracePeriodSeconds: 10
              containers:
              - name: app
                image: k8spatterns/random-generator:1.0
                env:
                - name: SERVER_ADDRESS
                  value: 127.0.0.1
                - name: SERVER_PORT
                  value: "{{portText}}"
                - name: TERMINATION_GRACE_PERIOD_SECONDS
                  value: "10"
                - name: DRAIN_DELAY_SECONDS
                  value: "3"
                - name: READY_FILE
                  value: /tmp/lifecycle-library-{{portText}}-ready
            {{hook}}
            """;
    }
}
