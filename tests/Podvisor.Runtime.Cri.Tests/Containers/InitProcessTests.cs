using Podvisor.Engine.Runtime;
using ContainerState = Podvisor.Runtime.Cri.Api.ContainerState;
using ContainerStatusRequest = Podvisor.Runtime.Cri.Api.ContainerStatusRequest;
using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// podvisor holds each container's init process (PID 1 of the container, a host PID under its own containerd) by a
/// pidfd: the exit is seen when it happens instead of by polling ContainerStatus, and the grace period's SIGKILL is
/// sent through it by the kill timer thread, never to a process that reused the PID.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class InitProcessTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_exit_is_seen_through_the_init_pidfd_with_the_status_poll_slowed_to_an_hour()
    {
        // Its own connection to the fixture's containerd: with both polls at an hour, only the pidfd can report the exit.
        var slow = new CriRuntimeOptions { ExitPollInterval = TimeSpan.FromHours(1), ExitSafetyPollInterval = TimeSpan.FromHours(1) };
        await using var runtime = new CriContainerRuntime(new CriConnection(fixture.Runtime.Connection.Endpoint), TimeProvider.System, "containerd", slow);
        await using var started = await StartAsync(runtime, "exits", "echo up; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo bye; exit 3");
        Assert.True(started.Container.WatchesInitProcess, "the container's init process was not opened by a pidfd");

        // Told to exit only once the pidfd is known to be held, so the exit cannot come before the watch.
        var touched = await started.Container.ExecAsync(["touch", "/tmp/go"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, touched.ExitCode);

        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(3, exit.ExitCode);
        Assert.Null(exit.Signal);

        // Logs are drained before the exit is reported.
        Assert.Contains("bye", started.Lines);
    }

    [Fact]
    public async Task The_kill_timer_SIGKILLs_PID_1_through_its_pidfd_and_the_exit_is_137()
    {
        await using var started = await StartAsync(fixture.Runtime, "killed", "trap '' TERM; echo up; exec sleep 1000");
        Assert.True(started.Container.WatchesInitProcess, "the container's init process was not opened by a pidfd");
        var deadlines = fixture.Runtime.KillDeadlines;
        Assert.NotNull(deadlines);

        started.Container.Signal(Signals.SigTerm);
        using var armed = deadlines.Arm(started.Container, TimeProvider.System.GetUtcNow().AddMilliseconds(300));
        await armed.Sent.WaitAsync(Limit);

        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(Signals.SigKill, exit.Signal);
    }

    /// <summary>PID 1 with a SIGTERM handler that says so and exits 0.</summary>
    private const string DrainsOnTerm = "trap 'echo got TERM; exit 0' TERM; echo up; while :; do sleep 0.1; done";

    /// <summary>Sends the stop signal and checks that PID 1's handler got it and the container ended with 0.</summary>
    private static async Task StopAndDrainAsync(Started started)
    {
        started.Container.Signal(Signals.SigTerm);

        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(0, exit.ExitCode);
        Assert.Contains("got TERM", started.Lines);
    }

    [Fact]
    public async Task The_stop_signal_goes_to_PID_1_through_its_pidfd_with_no_StopContainer()
    {
        await using var started = await StartAsync(fixture.Runtime, "term", DrainsOnTerm);
        Assert.True(started.Container.WatchesInitProcess, "the container's init process was not opened by a pidfd");
        Assert.Equal(Signals.SigTerm, started.Container.DefaultStopSignal);

        await StopAndDrainAsync(started);

        Assert.Equal(1, started.Container.PidfdStopSignals);
        Assert.Equal(0, started.Container.StopContainerCalls);
    }

    [Fact]
    public async Task Without_the_pidfd_the_stop_signal_is_containerd_s_StopContainer()
    {
        await using var started = await StartAsync(fixture.Runtime, "termstop", DrainsOnTerm);
        started.Container.InitProcess!.Dispose();

        await StopAndDrainAsync(started);

        Assert.Equal(0, started.Container.PidfdStopSignals);
        await Polling.EventuallyAsync(
            () => started.Container.StopContainerCalls == 1, Limit, TimeSpan.FromMilliseconds(20), () => "the StopContainer carrying the stop signal was not answered");
    }

    [Fact]
    public async Task The_deadline_s_SIGKILL_goes_through_the_pidfd_raises_the_cgroup_s_and_its_parent_s_CPU_weight_and_StopContainer_follows()
    {
        await using var started = await StartAsync(fixture.Runtime, "precise", "trap '' TERM; echo up; while :; do sleep 1; done");
        Assert.True(started.Container.WatchesInitProcess, "the container's init process was not opened by a pidfd");
        Assert.True(
            started.Container.InitProcess!.Boost is not null,
            "no CPU weight file was found for the container's cgroup (a cgroup v1 cpu or v2 hierarchy must be mounted under /sys/fs/cgroup)");
        var deadlines = fixture.Runtime.KillDeadlines;
        Assert.NotNull(deadlines);

        var parent = started.Container.InitProcess!.Boost!.ParentFile
            ?? throw new InvalidOperationException($"the container's weight file {started.Container.InitProcess.Boost.File} has no parent cgroup");
        var parentBefore = File.ReadAllText(parent).Trim();
        var mountNamespace = new FileInfo($"/proc/{started.Container.ProcessId}/ns/mnt").LinkTarget
            ?? throw new InvalidOperationException($"no mount namespace link for PID {started.Container.ProcessId}");
        var heldBefore = Podvisor.Runtime.Processes.Platform.DyingNamespaceHold.Held;

        started.Container.Signal(Signals.SigTerm);
        using (var armed = deadlines.Arm(started.Container, TimeProvider.System.GetUtcNow().AddMilliseconds(300)))
        {
            await armed.Sent.WaitAsync(Limit);
        }

        Assert.Equal(1, started.Container.PidfdKills);
        Assert.Equal(1, started.Container.DyingBoosts);
        Assert.Equal(1, started.Container.InitProcess!.Boost!.ParentRaises);
        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(Signals.SigKill, exit.Signal);

        // The parent (containerd's k8s.io) is raised only from the kill to the death the pidfd shows.
        Assert.Equal(parentBefore, File.ReadAllText(parent).Trim());

        // The container's mount namespace was held from the kill (its PID 1 did not unmount it in its own exit) and
        // is let go once the death was seen.
        Assert.True(Podvisor.Runtime.Processes.Platform.DyingNamespaceHold.Held > heldBefore, "the kill did not hold the container's mount namespace");
        await Polling.EventuallyAsync(
            () => !OwnDescriptors.AnyRefersTo(mountNamespace),
            Limit,
            TimeSpan.FromMilliseconds(20),
            () => $"podvisor still holds the dead container's mount namespace {mountNamespace}");

        // The kubelet's StopContainer still reaches containerd after the death, and containerd reports the kill as a node would.
        await Polling.EventuallyAsync(
            () => started.Container.StopContainerKills == 1, Limit, TimeSpan.FromMilliseconds(20), () => "no StopContainer (timeout 0) followed the pidfd kill");
        var status = await fixture.Runtime.Connection.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = started.Container.Id });
        Assert.Equal(ContainerState.ContainerExited, status.Status.State);
        Assert.Equal(137, status.Status.ExitCode);
        Assert.Equal("Error", status.Status.Reason);
    }

    [Fact]
    public async Task When_the_pidfd_kill_cannot_be_sent_StopContainer_kills_at_the_deadline()
    {
        await using var started = await StartAsync(fixture.Runtime, "fallback", "trap '' TERM; echo up; while :; do sleep 1; done");
        Assert.True(started.Container.WatchesInitProcess, "the container's init process was not opened by a pidfd");

        // A closed pidfd: the signal fails (not ESRCH), so the kill falls back to containerd's StopContainer.
        started.Container.InitProcess!.Dispose();
        var deadlines = fixture.Runtime.KillDeadlines;
        Assert.NotNull(deadlines);
        using (var armed = deadlines.Arm(started.Container, TimeProvider.System.GetUtcNow().AddMilliseconds(100)))
        {
            await armed.Sent.WaitAsync(Limit);
        }

        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(0, started.Container.PidfdKills);
        Assert.Equal(0, started.Container.DyingBoosts);
        await Polling.EventuallyAsync(
            () => started.Container.StopContainerKills == 1, Limit, TimeSpan.FromMilliseconds(20), () => "the StopContainer (timeout 0) was not answered");
    }

    [Fact]
    public async Task Without_a_pidfd_the_deadline_s_kill_is_StopContainer_with_timeout_0()
    {
        var unwatched = new CriRuntimeOptions { WatchInitProcess = false };
        await using var runtime = new CriContainerRuntime(new CriConnection(fixture.Runtime.Connection.Endpoint), TimeProvider.System, "containerd", unwatched);
        await using var started = await StartAsync(runtime, "nopidfd", "trap '' TERM; echo up; while :; do sleep 1; done");
        Assert.False(started.Container.WatchesInitProcess);
        var deadlines = runtime.KillDeadlines;
        Assert.NotNull(deadlines);
        using (var armed = deadlines.Arm(started.Container, TimeProvider.System.GetUtcNow().AddMilliseconds(100)))
        {
            await armed.Sent.WaitAsync(Limit);
        }

        var exit = await started.Container.Exited.WaitAsync(Limit);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(0, started.Container.PidfdKills);
        await Polling.EventuallyAsync(
            () => started.Container.StopContainerKills == 1, Limit, TimeSpan.FromMilliseconds(20), () => "the StopContainer (timeout 0) was not answered");
    }

    [Fact]
    public async Task A_pidfd_is_held_only_for_the_process_whose_cgroup_names_the_container()
    {
        await using var started = await StartAsync(fixture.Runtime, "owned", "echo up; exec sleep 1000");
        var pid = started.Container.ProcessId;
        Assert.True(pid > 0, "containerd's verbose status gave no pid");

        Assert.Null(fixture.Runtime.OpenInitProcess(pid, "0123456789abcdef-not-this-container"));
        Assert.Null(fixture.Runtime.OpenInitProcess(Environment.ProcessId, started.Container.Id));
        using (var held = fixture.Runtime.OpenInitProcess(pid, started.Container.Id))
        {
            Assert.NotNull(held);
            Assert.False(held.Exited.IsCompleted);
            Assert.True(held.TryKill(), "pidfd_send_signal failed on a live container's init");
            await held.Exited.WaitAsync(Limit);
        }

        Assert.Equal(137, (await started.Container.Exited.WaitAsync(Limit)).ExitCode);
    }

    private static async Task<Started> StartAsync(CriContainerRuntime runtime, string name, string script)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var busybox = await BusyboxContainer.StartAsync(
            runtime,
            Path.Combine("/tmp", "pvinit-" + Guid.NewGuid().ToString("N")[..8]),
            name,
            ["sh", "-c", script],
            line =>
            {
                lines.Enqueue(line.Text);
                if (line.Text == "up")
                {
                    up.TrySetResult();
                }
            });
        try
        {
            await up.Task.WaitAsync(Limit);
            return new Started(busybox, (CriContainer)busybox.Container, lines);
        }
        catch
        {
            await busybox.DisposeAsync();
            throw;
        }
    }

    private sealed record Started(BusyboxContainer Busybox, CriContainer Container, System.Collections.Concurrent.ConcurrentQueue<string> Lines) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Busybox.DisposeAsync();
    }
}
