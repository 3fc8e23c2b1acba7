using System.Globalization;
using System.Text;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// Follows the CRI-format log file containerd writes for a container (<c>TIME STREAM P|F TEXT</c>, one entry a
/// line, <c>P</c> for a partial line continued by the next entry) and reports each complete line for live views.
/// The file itself is the container's log; this only reads it.
/// </summary>
internal sealed class CriLogFollower(ContainerLaunch launch, Action<ContainerLogLine> onLine, TimeProvider time, TimeSpan interval) : IAsyncDisposable
{
    private readonly StringBuilder _partial = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _pending = [];
    private long _offset;
    private Task _loop = Task.CompletedTask;

    public void Start(CancellationToken cancellationToken) => _loop = FollowAsync(cancellationToken);

    /// <summary>Reads what is in the file now: called once the container exited, before its exit is reported.</summary>
    public async Task DrainAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            ReadNew();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await DrainAsync().ConfigureAwait(false);
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ReadNew()
    {
        if (!File.Exists(launch.LogPath))
        {
            return;
        }

        using var file = new FileStream(launch.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset)
        {
            return;
        }

        file.Position = _offset;
        var fresh = new byte[file.Length - _offset];
        file.ReadExactly(fresh);
        _offset = file.Length;
        var buffer = _pending.Length == 0 ? fresh : [.. _pending, .. fresh];
        var start = 0;
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != (byte)'\n')
            {
                continue;
            }

            Parse(Encoding.UTF8.GetString(buffer, start, i - start));
            start = i + 1;
        }

        _pending = buffer[start..];
    }

    private void Parse(string entry)
    {
        var parts = entry.Split(' ', 4);
        if (parts.Length < 3 || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return;
        }

        var stream = parts[1] == "stderr" ? LogStream.Stderr : LogStream.Stdout;
        _partial.Append(parts.Length > 3 ? parts[3] : string.Empty);
        if (parts[2] == "P")
        {
            return;
        }

        var text = _partial.ToString();
        _partial.Clear();
        onLine(new ContainerLogLine(launch.PodNamespace, launch.PodName, launch.ContainerName, at, stream, text));
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.ConfigureAwait(false);
        _gate.Dispose();
    }
}
