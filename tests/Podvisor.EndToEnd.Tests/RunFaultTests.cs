using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// A SIGKILLed <c>podvisor run</c> leaves no process behind, whatever phase its pod was in and whatever the
/// container did: here every phase starts a daemon that leaves its session (<c>setsid</c>), is reparented
/// (double fork) and ignores SIGTERM. Nothing podvisor runs in-process survives its death, so only the guard
/// and the containers' PID namespaces can clean up.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunFaultTests(PodvisorExecutable podvisor)
{
    private static readonly TimeSpan CleanupBound = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("init", "| spawned", 2)]
    [InlineData("postStart", "PostStartStarted", 3)]
    [InlineData("running", "| ready", 2)]
    [InlineData("preStop", "PreStopStarted", 3)]
    public async Task SigkillOfRun_InEachPhase_LeavesNoProcess_EvenASetsidDaemonIgnoringSigterm(string phase, string phaseLine, int expectedProcesses)
    {
        var marker = MarkedProcesses.NewMarker();
        try
        {
            await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifest(phase, marker));
            if (phase == "preStop")
            {
                await run.WaitForStderrAsync("| ready");
                await run.SignalAsync("TERM");
            }

            await run.WaitForStderrAsync(phaseLine);
            await WaitUntilAsync(() => MarkedProcesses.Find(marker).Count >= expectedProcesses, TimeSpan.FromSeconds(30));
            Assert.Equal(expectedProcesses, MarkedProcesses.Find(marker).Count);

            await run.SignalAsync("KILL");
            await run.WaitForExitAsync();

            var gone = await WaitUntilAsync(() => MarkedProcesses.Find(marker).Count == 0, CleanupBound);
            Assert.True(gone, $"{MarkedProcesses.Find(marker).Count} process(es) of a pod in phase {phase} outlived a SIGKILLed podvisor by {CleanupBound.TotalSeconds}s.\n{run.Describe()}");
        }
        finally
        {
            MarkedProcesses.KillAll(marker);
        }
    }

    /// <summary>
    /// One pod whose <paramref name="phase"/> starts the daemon: the init container, the postStart hook, the app
    /// container, or the preStop hook. Every process carries the marker as its <c>sleep</c> argument.
    /// </summary>
    private static string Manifest(string phase, string marker)
    {
        var spawn = "( setsid sh -c \"$DAEMON\" & )";
        return $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: fault}
            spec:
              terminationGracePeriodSeconds: 60
              initContainers:
              - name: prep
                image: busybox:1.36
                env: [{name: DAEMON, value: "trap '' TERM; exec sleep {{{marker}}}"}]
                command: [sh, -c, 'if [ {{{phase}}} = init ]; then {{{spawn}}}; echo spawned; exec sleep {{{marker}}}; fi']
              containers:
              - name: app
                image: busybox:1.36
                env: [{name: DAEMON, value: "trap '' TERM; exec sleep {{{marker}}}"}]
                command: [sh, -c, 'trap "" TERM; if [ {{{phase}}} = running ]; then {{{spawn}}}; fi; echo ready; exec sleep {{{marker}}}']
                lifecycle:
                  postStart: {exec: {command: [sh, -c, 'if [ {{{phase}}} = postStart ]; then {{{spawn}}}; exec sleep {{{marker}}}; fi']}}
                  preStop: {exec: {command: [sh, -c, '{{{spawn}}}; exec sleep {{{marker}}}']}}
            """;
    }

    /// <summary>Polls a cheap /proc condition every 50 ms, up to a bound; returns whether it held.</summary>
    private static Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan bound) =>
        Polling.UntilAsync(condition, bound, TimeSpan.FromMilliseconds(50));
}
