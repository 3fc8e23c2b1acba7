using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>A container without a process whose <c>Signal</c> is a system call: records the signal and the thread that sent it.</summary>
internal sealed class SignalThreadRecorder : IRunningContainer, ISignalsBySystemCall
{
    public string Id => "signal-thread";

    public int ProcessId => 0;

    public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

    public Task<ContainerExit> Exited { get; } = new TaskCompletionSource<ContainerExit>().Task;

    /// <summary>The signal sent and the name of the thread it was sent on; null until then.</summary>
    public (int Signal, string? Thread)? Sent { get; private set; }

    public void Signal(int signal) => Sent = (signal, Thread.CurrentThread.Name);

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
