using System.Security.Cryptography;
using System.Text.Json;
using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// The seed's demo through the published podvisor and its shipped image catalog, where
/// <c>k8spatterns/random-generator:1.0</c> is the C# sample: the two manifests exactly as the seed has them,
/// and the corrected, faster variants beside them.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class SeedDemoTests(PodvisorExecutable podvisor) : IAsyncLifetime
{
    private const string Container = "random-generator/random-generator";
    private const string Waiting = "Waiting for postStart to be finished ....";

    /// <summary>The CRI tests run the same manifests on the same host port at the same time: each waits its turn.</summary>
    private static readonly TimeSpan HostPortWait = TimeSpan.FromMinutes(5);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Under the file's lock: the process runtime's isolation test plants a stale copy there at the same time.
        using var postStartFile = await MachineLock.ForHostPostStartFileAsync(HostPortWait);
        HostTmp.RemovePostStartFile();
    }

    [Theory]
    [InlineData("seed/poststart.yaml", "b45baf53c5e057710ccb1582d1278ccba84e3dee79adbd876e8fd77d8f06db80")]
    [InlineData("seed/prestop.yaml", "7f3c09656985921491808720671da2cd6d754e36e39494f8ba443daa7cf9d3f4")]
    public void SeedManifests_AreTheSeedsBytes(string example, string sha256)
    {
        // The checksums of the seed document's two ```yaml blocks (examples/seed/README.md).
        var bytes = File.ReadAllBytes(podvisor.Example(example));

        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task PreStopVerbatim_AppNeverServes_FailedPreStopHookRefused_ThenSigterm_ExitsThree()
    {
        HostTmp.RemovePostStartFile();
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        using var postStartFile = await MachineLock.ForHostPostStartFileAsync(HostPortWait);
        HostTmp.AssertPort8080Free();
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("seed/prestop.yaml"), "--stop-after", "6s", "-o", "json"]);

        var exitCode = await run.WaitForExitAsync();

        var lines = run.Stderr.Split('\n');
        var foreign = Array.Find(lines, line => line.Contains("postStart Message: ", StringComparison.Ordinal));
        Assert.True(foreign is null, $"the app read a /tmp/postStart-done nobody in the pod wrote (the pod shares the host's /tmp):\n{foreign}");
        Assert.Equal(3, exitCode);
        // WAIT_FOR_POST_START=true and no postStart hook: the app waits for a file nobody writes.
        var waiting = Index(lines, $"{Container} | ", Waiting);
        var stop = Index(lines, "--stop-after 6s elapsed");
        Assert.True(waiting < stop, run.Describe());
        Assert.DoesNotContain(lines, line => line.Contains("Now listening on", StringComparison.Ordinal));
        // The kubelet's story: Killing, the hook GET http://<pod IP>:8080/shutdown refused, the event, SIGTERM anyway.
        var killing = Index(lines, $"{Container} ! event Normal Killing: Stopping container random-generator");
        var failed = Index(lines, $"{Container} ! event Warning FailedPreStopHook: PreStopHook failed");
        var message = Index(lines, "PreStopFailed HTTP lifecycle hook (shutdown) for Container \"random-generator\" in Pod \"random-generator_default(");
        Assert.Contains("Get \"http://127.0.0.1:8080/shutdown\": dial tcp 127.0.0.1:8080: connect: connection refused", lines[message], StringComparison.Ordinal);
        var sigterm = Index(lines, $"{Container} > StopSignalSent SIGTERM");
        Assert.True(stop < killing && killing < failed && failed < sigterm, run.Describe());
        Index(lines, $"{Container} | ", ">>>> SHUTDOWN HOOK called. Possibly because of a SIGTERM from Kubernetes");
        Assert.DoesNotContain(lines, line => line.Contains("SHUTDOWN NOW", StringComparison.Ordinal));

        using var list = JsonDocument.Parse(run.Stdout);
        var events = Events(list);
        Assert.Contains(("Warning", "FailedPreStopHook", "PreStopHook failed"), events);
        Assert.Contains(("Normal", "Killing", "Stopping container random-generator"), events);
    }

    [Fact]
    public async Task PostStartFastVariant_WaitingAndPendingWhileTheHookSleeps_ThenRunning_ThenPreStopShutdownNow()
    {
        HostTmp.RemovePostStartFile();
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        using var postStartFile = await MachineLock.ForHostPostStartFileAsync(HostPortWait);
        HostTmp.AssertPort8080Free();
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("seed-fixed/poststart-fast.yaml"), "-o", "json"]);
        await run.WaitForStderrAsync("Application started.");

        await run.SignalAsync("INT");

        Assert.Equal(0, await run.WaitForExitAsync());
        var lines = run.Stderr.Split('\n');
        AssertTheHookWroteThePostStartFile(lines);
        var pending = Index(lines, "pod/random-generator", "> phase Pending");
        var hookStarted = Index(lines, $"{Container} > PostStartStarted ExecHookHandler");
        var waiting = Index(lines, $"{Container} | ", Waiting);
        var hookDone = Index(lines, $"{Container} > PostStartSucceeded");
        var containerRunning = Index(lines, $"{Container} > ContainerRunning");
        var podRunning = Index(lines, "pod/random-generator", "> phase Pending → Running");
        var message = Index(lines, $"{Container} | ", "postStart Message: Wake up!");
        // The container is Waiting and the pod Pending until the hook returns; the app waits for the hook's file.
        Assert.True(pending < hookStarted && hookStarted < hookDone && hookDone < containerRunning && containerRunning < podRunning, run.Describe());
        Assert.True(hookStarted < waiting && waiting < hookDone && waiting < message, run.Describe());
        Assert.True(message < Index(lines, $"{Container} | ", "Now listening on: http://[::]:8080"), run.Describe());

        // Deletion: Killing, preStop GET /shutdown reaches the app, then SIGTERM; the app stops cleanly.
        var killing = Index(lines, $"{Container} ! event Normal Killing");
        var preStop = Index(lines, $"{Container} > PreStopStarted HttpGetHookHandler");
        var shutdownNow = Index(lines, $"{Container} | ", "SHUTDOWN NOW");
        var preStopDone = Index(lines, $"{Container} > PreStopSucceeded");
        var sigterm = Index(lines, $"{Container} > StopSignalSent SIGTERM");
        Assert.True(killing < preStop && preStop < shutdownNow && shutdownNow < preStopDone && preStopDone < sigterm, run.Describe());
        Index(lines, $"{Container} > ContainerExited exit code 0");

        using var list = JsonDocument.Parse(run.Stdout);
        Assert.DoesNotContain(Events(list), e => e.Reason is "FailedPreStopHook" or "FailedPostStartHook");
    }

    [Fact]
    public async Task PreStopFixedVariant_PreStopReachesShutdown_ShutdownNowInTheLogs_ExitsZero()
    {
        HostTmp.RemovePostStartFile();
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        using var postStartFile = await MachineLock.ForHostPostStartFileAsync(HostPortWait);
        HostTmp.AssertPort8080Free();
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("seed-fixed/prestop.yaml")]);
        await run.WaitForStderrAsync("Application started.");

        await run.SignalAsync("INT");

        Assert.Equal(0, await run.WaitForExitAsync());
        var lines = run.Stderr.Split('\n');
        Index(lines, $"{Container} | ", "No WAIT_FOR_POST_START configured");
        var shutdownNow = Index(lines, $"{Container} | ", "SHUTDOWN NOW");
        Assert.True(Index(lines, $"{Container} > PreStopStarted HttpGetHookHandler") < shutdownNow, run.Describe());
        Assert.True(shutdownNow < Index(lines, $"{Container} > PreStopSucceeded"), run.Describe());
        Assert.DoesNotContain(lines, line => line.Contains("FailedPreStopHook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostStartVerbatim_ThirtySecondsWaitingAndPending_ThenRunning()
    {
        HostTmp.RemovePostStartFile();
        using var port = await MachineLock.ForPortAsync(8080, HostPortWait);
        using var postStartFile = await MachineLock.ForHostPostStartFileAsync(HostPortWait);
        HostTmp.AssertPort8080Free();
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("seed/poststart.yaml"), "--stop-after", "35s", "-o", "json"]);

        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(120)));

        var lines = run.Stderr.Split('\n');
        AssertTheHookWroteThePostStartFile(lines);
        var hookStarted = Index(lines, $"{Container} > PostStartStarted ExecHookHandler");
        var hookDone = Index(lines, $"{Container} > PostStartSucceeded");
        var podRunning = Index(lines, "pod/random-generator", "> phase Pending → Running");
        // `sleep 30`: the app logs its wait every 10 s, so at least three times before the hook returns.
        var waits = lines.Select((line, at) => (line, at)).Where(x => x.line.Contains(Waiting, StringComparison.Ordinal)).Select(x => x.at).ToList();
        Assert.True(waits.Count(at => at > hookStarted && at < hookDone) >= 3, run.Describe());
        Assert.True(hookDone < podRunning, run.Describe());
        Assert.True(podRunning < Index(lines, "--stop-after 35s elapsed"), run.Describe());
        Index(lines, $"{Container} | ", "postStart Message: Wake up!");
        Index(lines, $"{Container} | ", ">>>> SHUTDOWN HOOK called");
        Index(lines, $"{Container} > ContainerExited exit code 0");

        using var list = JsonDocument.Parse(run.Stdout);
        var status = list.RootElement.GetProperty("items")[0].GetProperty("status");
        Assert.Equal("Succeeded", status.GetProperty("phase").GetString());
        Assert.Equal("docker.io/k8spatterns/random-generator:1.0", status.GetProperty("containerStatuses")[0].GetProperty("image").GetString());
    }

    /// <summary>
    /// The app must have read the file its own hook wrote. Without a private /tmp per pod, any process on the
    /// host writing /tmp/postStart-done during the run short-circuits the wait, and the story is not the seed's.
    /// </summary>
    private static void AssertTheHookWroteThePostStartFile(string[] lines)
    {
        var message = Array.Find(lines, line => line.Contains("postStart Message: ", StringComparison.Ordinal));
        Assert.True(
            message is null || message.EndsWith("postStart Message: Wake up!", StringComparison.Ordinal),
            $"the app read a /tmp/postStart-done its hook did not write (the pod shares the host's /tmp, and another process wrote it):\n{message}");
    }

    /// <summary>The index of the first line containing every part, or a failure showing the run.</summary>
    private int Index(string[] lines, params string[] parts)
    {
        var at = Array.FindIndex(lines, line => parts.All(part => line.Contains(part, StringComparison.Ordinal)));
        Assert.True(at >= 0, $"no line with {string.Join(" and ", parts.Select(p => $"\"{p}\""))}:\n{string.Join('\n', lines)}");
        return at;
    }

    private static List<(string Type, string Reason, string Message)> Events(JsonDocument list) =>
        list.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "Event")
            .Select(item => (item.GetProperty("type").GetString()!, item.GetProperty("reason").GetString()!, item.GetProperty("message").GetString()!))
            .ToList();
}
