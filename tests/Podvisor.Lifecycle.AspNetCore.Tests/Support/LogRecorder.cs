using Microsoft.Extensions.Logging;

namespace Podvisor.Lifecycle.AspNetCore.Tests.Support;

/// <summary>Keeps every log message, and lets a test wait for one.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Category, string Message)> _entries = [];
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource Found)> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public async Task WaitForAsync(string contains, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_entries.Any(entry => entry.Message.Contains(contains, StringComparison.Ordinal)))
            {
                return;
            }

            _waiters.Add((message => message.Contains(contains, StringComparison.Ordinal), found));
        }

        try
        {
            await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"no log line containing \"{contains}\"; got:\n{string.Join('\n', Entries.Select(e => e.Message))}");
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message)
    {
        lock (_gate)
        {
            _entries.Add((level, category, message));
            foreach (var waiter in _waiters.Where(w => w.Matches(message)).ToList())
            {
                waiter.Found.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            recorder.Add(logLevel, category, formatter(state, exception));
    }
}
