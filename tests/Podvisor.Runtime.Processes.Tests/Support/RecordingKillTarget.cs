using System.Collections.Concurrent;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>A container without a process for the kill timer: records every signal it is asked for and reports it running.</summary>
internal sealed class RecordingKillTarget : IRunningContainer, IKillIfRunning
{
    private readonly ConcurrentQueue<int> _asked = new();

    /// <summary>The signals asked of <see cref="SignalIfRunning"/>, in order.</summary>
    public int[] Asked => [.. _asked];

    public string Id => "recording";

    public int ProcessId => 0;

    public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

    public Task<ContainerExit> Exited { get; } = new TaskCompletionSource<ContainerExit>().Task;

    public bool SignalIfRunning(int signal)
    {
        _asked.Enqueue(signal);
        return true;
    }

    public void Signal(int signal) => throw new InvalidOperationException("the kill timer must use SignalIfRunning");

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
