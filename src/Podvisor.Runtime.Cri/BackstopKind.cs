namespace Podvisor.Runtime.Cri;

/// <summary>What the <c>StopContainer</c> (timeout 0) queued by a <see cref="CriContainer"/> kill is for.</summary>
internal enum BackstopKind
{
    /// <summary>The kill timer's rehearsal (signal 0): the hand-over runs, nothing is sent.</summary>
    Rehearsal,

    /// <summary>No pidfd kill was sent: the <c>StopContainer</c> is the kill, at once.</summary>
    Kill,

    /// <summary>The SIGKILL went through the init pidfd: the <c>StopContainer</c> follows the death (bounded wait).</summary>
    AfterPidfdKill,
}
