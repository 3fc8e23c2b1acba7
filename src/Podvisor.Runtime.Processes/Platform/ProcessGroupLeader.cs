using System.Runtime.InteropServices;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A spawned session leader (PID = PGID) until it is reaped. Its PID identity needs no start-time
/// check: until we reap it, the process (or its zombie) pins the PID, so the PGID cannot be reused,
/// and every <see cref="Signal"/> takes the same lock as the reap and is a no-op afterwards.
/// When the leader exits, the rest of its group is SIGKILLed while the zombie still pins the PGID,
/// as the kubelet leaves nothing of a container behind.
/// </summary>
internal sealed class ProcessGroupLeader
{
    // containerd reports 255 when an exit status cannot be known.
    private const int UnknownExitCode = 255;

    private readonly Lock _gate = new();
    private readonly EventLoop _loop;
    private readonly TimeProvider _time;
    private readonly Action? _beforeReap;
    private readonly Action? _afterGroupKilled;
    private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pidfd = -1;
    private int _heldNamespace = -1;
    private long _token;
    private bool _reaped;

    private ProcessGroupLeader(EventLoop loop, TimeProvider time, int pid, Action? beforeReap, Action? afterGroupKilled)
    {
        _loop = loop;
        _time = time;
        Pid = pid;
        _beforeReap = beforeReap;
        _afterGroupKilled = afterGroupKilled;
    }

    public int Pid { get; }

    /// <summary>Completes on the reap; exit code is 128 + signal when a signal killed the leader.</summary>
    public Task<ContainerExit> Exited => _exited.Task;

    /// <summary>
    /// Starts watching <paramref name="pid"/> for exit. <paramref name="beforeReap"/> runs on the loop
    /// thread once the leader exited (drain its output); <paramref name="afterGroupKilled"/> runs just
    /// before the reap, while the PGID is still pinned (unregister it from the guard).
    /// </summary>
    public static ProcessGroupLeader Watch(EventLoop loop, TimeProvider time, int pid, Action? beforeReap, Action? afterGroupKilled)
    {
        var leader = new ProcessGroupLeader(loop, time, pid, beforeReap, afterGroupKilled);
        try
        {
            leader._pidfd = Native.PidfdOpen(pid);
        }
        catch (IOException)
        {
            Native.KillGroup(pid, Signals.SigKill);
            Native.waitpid(pid, out _, 0);
            throw;
        }

        leader._token = loop.NewToken();
        loop.Register(leader._token, leader._pidfd, leader.OnExited);
        return leader;
    }

    /// <summary>Signals the whole group; false when it is already gone or reaped.</summary>
    public bool Signal(int signal)
    {
        lock (_gate)
        {
            return !_reaped && Native.KillGroup(Pid, signal);
        }
    }

    /// <summary>Signals the leader alone; false when it is already gone or reaped.</summary>
    public bool SignalLeader(int signal)
    {
        lock (_gate)
        {
            return !_reaped && Native.KillProcess(Pid, signal);
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (the grace period's SIGKILL) to the leader alone (<paramref name="leaderOnly"/>)
    /// or its group, but only while the leader still runs: false when it has exited, even if the event loop has not
    /// reaped it yet (its pidfd is readable). A grace period's kill goes through here, so a container that stopped on
    /// its signal is never reported killed. Signal 0 sends nothing and runs the same checks (the kill timer's
    /// preparation when it arms a kill).
    /// </summary>
    public bool SignalIfRunning(bool leaderOnly, int signal)
    {
        lock (_gate)
        {
            if (_reaped || Native.IsReadableNow(_pidfd))
            {
                return false;
            }

            if (signal == Signals.SigKill)
            {
                // The death must not wait for its mount namespace's unmount (DyingNamespaceHold); released once reaped.
                if (_heldNamespace < 0)
                {
                    _heldNamespace = DyingNamespaceHold.Take(_pidfd);
                }

                // Under the reap's lock the PID is certainly still this process (see DyingProcessBoost).
                if (DyingProcessBoost.Enabled)
                {
                    DyingProcessBoost.TryApply(Pid);
                }
            }

            return leaderOnly ? Native.KillProcess(Pid, signal) : Native.KillGroup(Pid, signal);
        }
    }

    /// <summary>
    /// Opens <c>/proc/PID/<paramref name="entry"/></c> (close-on-exec) unless the leader is reaped; under the
    /// reap's lock, so the PID is certainly still ours. Returns -1 when reaped or the open fails.
    /// </summary>
    public int OpenWhileAlive(string entry)
    {
        lock (_gate)
        {
            return _reaped ? -1 : Native.open($"/proc/{Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{entry}", Native.O_RDONLY | Native.O_CLOEXEC);
        }
    }

    private void OnExited()
    {
        KillStamps.Mark(Pid, "loop");
        _beforeReap?.Invoke();
        ContainerExit exit;
        lock (_gate)
        {
            Native.KillGroup(Pid, Signals.SigKill);
            _afterGroupKilled?.Invoke();
            exit = Reap();
            _reaped = true;
        }

        _loop.Unregister(_token, _pidfd);
        Native.close(_pidfd);
        DyingNamespaceHold.Release(_heldNamespace);
        _heldNamespace = -1;
        KillStamps.Mark(Pid, "reaped");
        _exited.TrySetResult(exit);
    }

    private ContainerExit Reap()
    {
        int result;
        int status;
        do
        {
            // The pidfd is readable, so the leader is a zombie: this does not block.
            result = Native.waitpid(Pid, out status, 0);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Native.EINTR);

        var now = _time.GetUtcNow();
        if (result != Pid)
        {
            return new ContainerExit(UnknownExitCode, null, now);
        }

        var termSignal = status & 0x7f;
        return termSignal == 0
            ? new ContainerExit((status >> 8) & 0xff, null, now)
            : new ContainerExit(128 + termSignal, termSignal, now);
    }
}
