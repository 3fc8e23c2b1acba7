using System.Globalization;
using System.Text;
using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests.Scale;

/// <summary>
/// Many pods against RLIMIT_NOFILE. Every container costs podvisor descriptors (its two output pipes and its pidfd; its
/// log file only while it writes), and a start in flight a few more for a moment. A 20000 limit (as on these machines,
/// where root cannot raise the hard limit) must hold 5000 pods; when descriptors do run out, the pods that cannot start
/// fail with the error as an event, and podvisor neither crashes nor hangs. Each test first measures podvisor's own
/// descriptors with one pod Running, so the limits below are that baseline plus a per-pod allowance.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class OpenFileLimitTests(PodvisorExecutable podvisor)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task ManyPods_UnderALimitOfThreeDescriptorsAPod_AllRun_AndStopCleanly()
    {
        // Four descriptors a pod (the log file held open) need baseline + 1600 at 400 pods, and starts that each held five
        // before the first spawn needed baseline + 2000: this limit refuses both and fits three a pod plus the starts in flight.
        const int Pods = 400;
        var marker = MarkedProcesses.NewMarker();
        try
        {
            var baseline = await BaselineAsync(marker);
            await using var run = PodvisorProcess.StartRunWithOpenFileLimit(podvisor, baseline + (3 * Pods) + 250, ["-"], WaitingPods(Pods, marker));

            await Polling.EventuallyAsync(
                () => Count(run, "→ Running") == Pods || Count(run, "→ Failed") > 0, Bound, TimeSpan.FromMilliseconds(100), run.Describe);
            Assert.True(Count(run, "→ Failed") == 0, $"a pod failed under the limit:\n{FirstFailure(run)}");
            var held = OpenDescriptors(run.ProcessId) - baseline;
            await run.SignalAsync("TERM");

            Assert.Equal(0, await run.WaitForExitAsync(Bound));
            Assert.True(held <= (3 * Pods) + 20, $"{held} descriptors more than with one pod, for {Pods - 1} more pods");
            Assert.Empty(MarkedProcesses.Find(marker));
        }
        finally
        {
            MarkedProcesses.KillAll(marker);
        }
    }

    [Fact]
    public async Task DescriptorsRunOut_ThePodsThatCannotStartFailWithTheError_PodvisorStopsTheRest()
    {
        // Room for about 40 of 120 pods: the rest fail to start with EMFILE somewhere in the start.
        const int Pods = 120;
        var marker = MarkedProcesses.NewMarker();
        try
        {
            var baseline = await BaselineAsync(marker);
            await using var run = PodvisorProcess.StartRunWithOpenFileLimit(podvisor, baseline + 120, ["-"], WaitingPods(Pods, marker));

            await Polling.EventuallyAsync(
                () => Count(run, "→ Running") + Count(run, "→ Failed") == Pods, Bound, TimeSpan.FromMilliseconds(100), run.Describe);
            var failures = run.Stderr.Split('\n').Where(l => l.Contains("! event Warning Failed: Error: ", StringComparison.Ordinal)).ToList();
            await run.SignalAsync("TERM");
            var exitCode = await run.WaitForExitAsync(Bound);

            Assert.NotEmpty(failures);
            Assert.All(failures, l => Assert.Contains("too many open files", l, StringComparison.OrdinalIgnoreCase));
            Assert.True(Count(run, "→ Running") > 0, run.Describe());
            // Stopped, every started container exited on SIGTERM: the failed pods do not make it a dirty stop.
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{run.Describe()}");
            Assert.Empty(MarkedProcesses.Find(marker));
        }
        finally
        {
            MarkedProcesses.KillAll(marker);
        }
    }

    /// <summary>podvisor's descriptors with one pod Running (no limit): the runtime's own, the live view's, .NET's.</summary>
    private async Task<int> BaselineAsync(string marker)
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], WaitingPods(1, marker));
        await Polling.EventuallyAsync(() => Count(run, "→ Running") == 1, Bound, TimeSpan.FromMilliseconds(50), run.Describe);
        var open = OpenDescriptors(run.ProcessId);
        await run.SignalAsync("TERM");
        Assert.Equal(0, await run.WaitForExitAsync(Bound));
        return open;
    }

    /// <summary>Pods whose container waits, as PID 1 of its namespace, and exits 0 on SIGTERM.</summary>
    private static string WaitingPods(int count, string marker)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: wait-{i}
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: 10
                  containers:
                  - name: c
                    image: busybox:1.36
                    command: [sh, -c, "trap 'exit 0' TERM; sleep {marker} & wait"]

                """);
        }

        return yaml.ToString();
    }

    private static int Count(PodvisorProcess run, string phaseChange) =>
        run.Stderr.Split('\n').Count(l => l.Contains("> phase ", StringComparison.Ordinal) && l.EndsWith(phaseChange, StringComparison.Ordinal));

    private static string FirstFailure(PodvisorProcess run) =>
        run.Stderr.Split('\n').FirstOrDefault(l => l.Contains("Warning Failed", StringComparison.Ordinal)) ?? run.Describe();

    private static int OpenDescriptors(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
}
