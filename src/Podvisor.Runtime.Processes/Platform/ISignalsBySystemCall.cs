namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A container whose <c>Signal</c> is a system call or two under a lock, never a call to another process: the kill
/// thread may send its stop signal (<see cref="PreciseKillTimer.SignalAsync"/>) without being held up.
/// </summary>
internal interface ISignalsBySystemCall;
