using System.Text;
using System.Threading.Channels;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Logging;

/// <summary>
/// The one writer of a container's CRI log file (<c>&lt;RFC3339Nano&gt; stdout F line</c>). The event
/// loop stamps and queues bytes as they arrive from either stream, so the two interleave in arrival
/// order; a single async pump splits, writes, flushes and calls <see cref="ContainerLaunch.OnLogLine"/>
/// (once per record: a line longer than the maximum yields one call per piece).
/// </summary>
/// <remarks>
/// Memory is bounded: once more than <see cref="HighWaterBytes"/> wait to be written, <see cref="Append"/> answers
/// false and the reader pauses the pipe (the container then blocks in write(), as it would behind a slow disk
/// under containerd's shim); the pump resumes it below <see cref="LowWaterBytes"/>.
/// </remarks>
internal sealed class CriLogWriter : IAsyncDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly Channel<LogItem> _items = Channel.CreateUnbounded<LogItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ContainerLaunch _launch;
    private readonly TimeProvider _time;
    private readonly RotatingLogFile _file;
    private readonly CriLineSplitter _stdout;
    private readonly CriLineSplitter _stderr;
    private readonly Task _pump;
    private int _openStreams = 2;
    private long _queuedBytes;
    private int _paused;

    private CriLogWriter(ContainerLaunch launch, TimeProvider time, RotatingLogFile file, int maxLineBytes)
    {
        _launch = launch;
        _time = time;
        _file = file;
        _stdout = new CriLineSplitter(maxLineBytes);
        _stderr = new CriLineSplitter(maxLineBytes);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Bytes queued but not yet written above which the pipes are paused.</summary>
    public const long HighWaterBytes = 4L * 1024 * 1024;

    /// <summary>Queued bytes at or below which paused pipes are resumed.</summary>
    public const long LowWaterBytes = 1L * 1024 * 1024;

    /// <summary>Called (on the pump) when a paused writer has drained below <see cref="LowWaterBytes"/>.</summary>
    public Action? OnDrained { get; set; }

    /// <summary>Bytes read from the pipes and not yet written (what back-pressure bounds).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>How many times the log file was rotated.</summary>
    public int Rotations => _file.Rotations;

    /// <summary>Completes once both streams ended and everything is written and the file closed.</summary>
    public Task Completion => _pump;

    /// <summary>Creates the log directory and opens the file for appending (a restarted container keeps its file, as the kubelet's do per attempt).</summary>
    public static CriLogWriter Open(ContainerLaunch launch, TimeProvider time, int maxLineBytes, LogRotationPolicy rotation)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(launch.LogPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var file = new RotatingLogFile(launch.LogPath, rotation, time);
        return new CriLogWriter(launch, time, file, maxLineBytes);
    }

    /// <summary>
    /// Queues bytes read from <paramref name="stream"/>, stamped now. Called from the event loop. False when the
    /// caller must stop reading until <see cref="OnDrained"/> is called.
    /// </summary>
    public bool Append(LogStream stream, ReadOnlySpan<byte> data)
    {
        var queued = Interlocked.Add(ref _queuedBytes, data.Length);
        _items.Writer.TryWrite(new LogItem(stream, data.ToArray(), _time.GetUtcNow()));
        if (queued <= HighWaterBytes)
        {
            return true;
        }

        Volatile.Write(ref _paused, 1);
        // The pump may have drained everything between the add and the flag: whoever clears the flag decides.
        // If we clear it, keep reading; if the pump did (or will), it calls OnDrained, which resumes the pipe.
        // The caller pauses on the loop thread before returning, so that resume can never overtake the pause.
        return Interlocked.Read(ref _queuedBytes) <= LowWaterBytes && Interlocked.Exchange(ref _paused, 0) == 1;
    }

    /// <summary>Marks <paramref name="stream"/> as ended; after both, the pump finishes. Called once per stream.</summary>
    public void EndOfStream(LogStream stream)
    {
        _items.Writer.TryWrite(new LogItem(stream, null, _time.GetUtcNow()));
        if (Interlocked.Decrement(ref _openStreams) == 0)
        {
            _items.Writer.TryComplete();
        }
    }

    /// <summary>Completes once everything queued before this call is in the file.</summary>
    public Task FlushAsync()
    {
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _items.Writer.TryWrite(new LogItem(LogStream.Stdout, null, default, barrier)) ? barrier.Task : _pump;
    }

    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var records = new List<CriRecord>();
        var barriers = new List<TaskCompletionSource>();
        try
        {
            while (await _items.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_items.Reader.TryRead(out var item))
                {
                    if (item.Barrier is not null)
                    {
                        barriers.Add(item.Barrier);
                        continue;
                    }

                    var splitter = item.Stream == LogStream.Stdout ? _stdout : _stderr;
                    records.Clear();
                    if (item.Data is not null)
                    {
                        splitter.Push(item.Data, records);
                    }
                    else if (splitter.Complete() is { } last)
                    {
                        records.Add(last);
                    }

                    foreach (var record in records)
                    {
                        Write(item.Stream, item.Time, record);
                    }

                    if (item.Data is not null
                        && Interlocked.Add(ref _queuedBytes, -item.Data.Length) <= LowWaterBytes
                        && Interlocked.Exchange(ref _paused, 0) == 1)
                    {
                        OnDrained?.Invoke();
                    }
                }

                await _file.FlushAsync().ConfigureAwait(false);
                barriers.ForEach(b => b.TrySetResult());
                barriers.Clear();
                if (!_items.Reader.TryPeek(out _))
                {
                    // Nothing more to write for now: the file costs no descriptor while the container is quiet.
                    _file.Release();
                }
            }
        }
        finally
        {
            _file.Dispose();
            barriers.ForEach(b => b.TrySetResult());
        }
    }

    private void Write(LogStream stream, DateTimeOffset time, CriRecord record)
    {
        var streamName = stream == LogStream.Stdout ? "stdout" : "stderr";
        var header = $"{CriTimestamp.Format(time)} {streamName} {(record.Partial ? 'P' : 'F')} ";
        _file.Write(Encoding.ASCII.GetBytes(header));
        _file.Write(record.Content);
        _file.Write(Newline);
        _file.RotateIfFull();

        if (_launch.OnLogLine is { } onLogLine)
        {
            try
            {
                onLogLine(new ContainerLogLine(
                    _launch.PodNamespace, _launch.PodName, _launch.ContainerName, time, stream, Encoding.UTF8.GetString(record.Content)));
            }
            catch (Exception ex)
            {
                // A broken live view must not stop the log file.
                System.Diagnostics.Trace.TraceError($"OnLogLine callback failed: {ex}");
            }
        }
    }
}
