using System.Diagnostics;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// Ctrl-C and SIGTERM: the first deletes the pods as <c>kubectl delete</c> would (preStop, SIGTERM, grace
/// period), the second kills them at once.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunSignalTests(PodvisorExecutable podvisor)
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public async Task FirstSignal_DeletesGracefully_ContainerDrains_ExitsZero(string signal)
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifests.TrapsSigterm("web"));
        await run.WaitForStderrAsync("web/app | ready");

        await run.SignalAsync(signal);

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains("web/app | draining", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneSigtermArrivingTwice_AsGnuTimeoutSendsIt_IsOneGracefulStop()
    {
        // The container needs 2 s to drain: a second stop request would SIGKILL it before "drained".
        var manifest = Manifests.TrapsSigterm("twice").Replace("trap 'echo draining; exit 0' TERM", "trap 'echo draining; sleep 2; echo drained; exit 0' TERM", StringComparison.Ordinal);
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);
        await run.WaitForStderrAsync("twice/app | ready");

        // GNU timeout signals its child, then its process group: the same SIGTERM reaches podvisor twice.
        using var sender = Process.Start("sh", ["-c", $"kill -TERM {run.ProcessId}; sleep 0.05; kill -TERM {run.ProcessId}"]);
        await sender.WaitForExitAsync();

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains("twice/app | drained", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("killing pods now", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondSigint_DuringLongPreStop_KillsAtOnce_ExitsThree()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifests.LongPreStop("slow"));
        await run.WaitForStderrAsync("slow/app | ready");
        await run.SignalAsync("INT");
        // The preStop hook would hold the container for 100 s of its 120 s grace period.
        await run.WaitForStderrAsync("PreStopStarted");

        var forcedAt = Stopwatch.StartNew();
        await run.SignalAsync("INT");

        Assert.Equal(3, await run.WaitForExitAsync());
        Assert.True(forcedAt.Elapsed < TimeSpan.FromSeconds(30), $"forced stop took {forcedAt.Elapsed}.\n{run.Describe()}");
        Assert.Contains("KillSent", run.Stderr, StringComparison.Ordinal);
    }
}
