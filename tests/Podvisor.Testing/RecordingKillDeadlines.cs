using System.Collections.Concurrent;
using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>
/// A runtime's precise SIGKILL path that records every deadline it is given. A deadline no later than the real clock
/// plus <see cref="FireWithin"/> fires at once (the kill is sent and reported at the deadline itself), so a test never
/// waits out a grace period; a later one stays armed until disposed.
/// </summary>
internal sealed class RecordingKillDeadlines : IKillDeadlines
{
    private readonly ConcurrentQueue<Armed> _armed = new();
    private readonly ConcurrentQueue<(int Signal, DateTimeOffset At)> _signalled = new();

    public TimeSpan FireWithin { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<Armed> All => [.. _armed];

    /// <summary>The stop signals sent through <see cref="SignalAsync"/>, with the instant each reported.</summary>
    public IReadOnlyList<(int Signal, DateTimeOffset At)> Signalled => [.. _signalled];

    public Task<DateTimeOffset> SignalAsync(IRunningContainer container, int signal)
    {
        container.Signal(signal);
        var at = TimeProvider.System.GetUtcNow();
        _signalled.Enqueue((signal, at));
        return Task.FromResult(at);
    }

    public IArmedKill Arm(IRunningContainer container, DateTimeOffset deadline)
    {
        var armed = new Armed(deadline);
        _armed.Enqueue(armed);
        if (deadline <= TimeProvider.System.GetUtcNow() + FireWithin)
        {
            container.Signal(Signals.SigKill);
            armed.Fire();
        }

        return armed;
    }

    internal sealed class Armed(DateTimeOffset deadline) : IArmedKill
    {
        private readonly TaskCompletionSource<DateTimeOffset> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset Deadline { get; } = deadline;

        public bool Disposed { get; private set; }

        public Task<DateTimeOffset> Sent => _sent.Task;

        public void Fire() => _sent.TrySetResult(Deadline);

        public void Dispose() => Disposed = true;
    }
}
