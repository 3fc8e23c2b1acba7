using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>A scripted container instance: tests decide when it exits and how it reacts to signals.</summary>
internal sealed class FakeContainer(ContainerLaunch launch, TimeProvider time, FakeSignalBehaviour behaviour) : IRunningContainer
{
    private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(DateTimeOffset At, int Signal)> _signals = [];
    private readonly List<(DateTimeOffset At, IReadOnlyList<string> Command)> _execs = [];

    public ContainerLaunch Launch { get; } = launch;

    public string Id => Launch.ContainerId;

    public int ProcessId { get; } = Random.Shared.Next(1000, 60000);

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public Task<ContainerExit> Exited => _exited.Task;

    public IReadOnlyList<(DateTimeOffset At, int Signal)> SignalsReceived
    {
        get
        {
            lock (_signals)
            {
                return [.. _signals];
            }
        }
    }

    /// <summary>Answers exec calls (hooks); by default every command succeeds at once.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task<ExecResult>> OnExec { get; set; } =
        (_, _) => Task.FromResult(new ExecResult(0, string.Empty, false));

    public void Exit(int code) => _exited.TrySetResult(new ContainerExit(code, null, time.GetUtcNow()));

    public void Signal(int signal)
    {
        lock (_signals)
        {
            _signals.Add((time.GetUtcNow(), signal));
        }

        if (signal == Signals.SigKill || (behaviour == FakeSignalBehaviour.ExitOnStopSignal && signal != 0))
        {
            _exited.TrySetResult(new ContainerExit(128 + signal, signal, time.GetUtcNow()));
        }
    }

    /// <summary>Every exec call (hooks, probes), with the fake time it was made.</summary>
    public IReadOnlyList<(DateTimeOffset At, IReadOnlyList<string> Command)> Execs
    {
        get
        {
            lock (_execs)
            {
                return [.. _execs];
            }
        }
    }

    /// <summary>Like the real runtime: a timeout (on the fake clock) kills the command and reports TimedOut.</summary>
    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        lock (_execs)
        {
            _execs.Add((time.GetUtcNow(), command));
        }

        var run = OnExec(command, cancellationToken);
        if (timeout is not { } limit)
        {
            return await run;
        }

        try
        {
            return await run.WaitAsync(limit, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new ExecResult(-1, string.Empty, TimedOut: true);
        }
    }

    /// <summary>Answers streaming execs: the command's output is what <see cref="OnExec"/> returns, on stdout.</summary>
    public async Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken)
    {
        var result = await OnExec(command, cancellationToken);
        return new FakeExecSession(result);
    }

    public ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            Signal(Signals.SigKill);
        }

        return ValueTask.CompletedTask;
    }
}
