namespace Podvisor.Runtime.Cri;

/// <summary>What a signal sent through a container's init pidfd (<see cref="CriInitProcess.Send"/>) did.</summary>
internal enum InitSignalOutcome
{
    /// <summary>The kernel took it (a zombie not yet reaped by its shim still takes one).</summary>
    Sent,

    /// <summary>The process has been reaped (ESRCH): there is nothing left to signal.</summary>
    Exited,

    /// <summary>Not sent for another reason (the pidfd was closed, or the call failed): the caller falls back to containerd.</summary>
    Failed,
}
