using System.Globalization;
using System.IO.Compression;

namespace Podvisor.Runtime.Processes.Logging;

/// <summary>
/// A container's CRI log file that rotates itself as the kubelet's container log manager does
/// (pkg/kubelet/logs/container_log_manager.go, <c>rotateLog</c>): temporary and already-compressed leftovers are
/// removed, the oldest rotated files are deleted so that at most <c>MaxFiles - 2</c> remain, those are gzipped
/// (<c>.gz</c>), and the live file is renamed to <c>&lt;log&gt;.&lt;yyyyMMdd-HHmmss&gt;</c> (Go layout
/// <c>20060102-150405</c>, the kubelet's local clock) and a new one opened. The newest rotated file stays
/// uncompressed so a reader following it can finish.
/// </summary>
/// <remarks>
/// Deliberate difference: the kubelet checks sizes every <c>containerLogMonitorInterval</c> (10 s), so a fast
/// container's file can grow well past the limit between checks; here the single writer rotates as soon as a
/// record takes the file to the limit, which bounds disk use more tightly. Two rotations within one second would
/// need the same name, so a further rotation waits for the next second (the file may exceed the limit until then),
/// as the kubelet, whose names have the same one-second resolution, never rotates a file twice in a second either.
/// The file is open only while there is something to write: the writer calls <see cref="Release"/> when it has
/// nothing queued, and the next write opens it again (appending). containerd's shim holds each log file open for the
/// container's life, but the shim is a process of its own per container; here every container's file would count
/// against podvisor's one RLIMIT_NOFILE, a quarter of what 5000 pods need (bench/README.md, scale).
/// </remarks>
internal sealed class RotatingLogFile : IDisposable
{
    private const string TimestampFormat = "yyyyMMdd-HHmmss";
    private const string CompressSuffix = ".gz";
    private const string TmpSuffix = ".tmp";
    private const int BufferBytes = 64 * 1024;

    private readonly string _path;
    private readonly LogRotationPolicy _policy;
    private readonly TimeProvider _time;
    private FileStream? _file;
    private long _lastRotationSecond = long.MinValue;

    public RotatingLogFile(string path, LogRotationPolicy policy, TimeProvider time)
    {
        policy.Validate();
        _path = path;
        _policy = policy;
        _time = time;
        // Opened once now, so that a start fails on a path it cannot write (as containerd's shim does), then released.
        Open(path).Dispose();
    }

    /// <summary>How many times the live file was rotated.</summary>
    public int Rotations { get; private set; }

    /// <summary>Records that could not be written because the file could not be reopened (out of descriptors, say).</summary>
    public long DroppedWrites { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_file is null)
        {
            try
            {
                _file = Open(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The log must not stop the container or the writer: this piece is lost, the next one tries again.
                if (DroppedWrites++ == 0)
                {
                    System.Diagnostics.Trace.TraceError($"Writing {_path} failed: {ex.Message}");
                }

                return;
            }
        }

        _file.Write(data);
    }

    /// <summary>Called between records, so a rotated file always ends with a complete record.</summary>
    public void RotateIfFull()
    {
        if (!_policy.Enabled || _file is null || _file.Position < _policy.MaxSizeBytes)
        {
            return;
        }

        var now = _time.GetLocalNow();
        var second = now.ToUnixTimeSeconds();
        if (second == _lastRotationSecond)
        {
            return;
        }

        _lastRotationSecond = second;
        _file.Flush();
        _file.Dispose();
        try
        {
            PrepareRotatedFiles();
            File.Move(_path, $"{_path}.{now.ToString(TimestampFormat, CultureInfo.InvariantCulture)}");
            Rotations++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // As the kubelet, a failed rotation is reported and retried later; the log itself must go on.
            System.Diagnostics.Trace.TraceError($"Rotating {_path} failed: {ex.Message}");
        }
        finally
        {
            // Whatever failed, the container keeps a file to write to (appending to the old one if the rename failed),
            // and a follower finds the new live file at once. If even that open fails, the next write tries again.
            _file = null;
            try
            {
                _file = Open(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                System.Diagnostics.Trace.TraceError($"Reopening {_path} after rotation failed: {ex.Message}");
            }
        }
    }

    public Task FlushAsync() => _file?.FlushAsync() ?? Task.CompletedTask;

    /// <summary>Closes the file until the next write (everything written so far must have been flushed).</summary>
    public void Release()
    {
        _file?.Dispose();
        _file = null;
    }

    public void Dispose() => Release();

    private static FileStream Open(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, BufferBytes);

    private void PrepareRotatedFiles()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".";
        var prefix = Path.GetFileName(_path) + ".";
        // Not a search pattern: .NET matches "0.log.*" against "0.log" itself (Win32 semantics).
        var all = Directory.EnumerateFiles(directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var inUse = new List<string>();
        foreach (var name in all)
        {
            // Leftovers of an interrupted compression: a .tmp, or an original whose .gz was already written.
            if (name.EndsWith(TmpSuffix, StringComparison.Ordinal)
                || (!name.EndsWith(CompressSuffix, StringComparison.Ordinal) && all.Contains(name + CompressSuffix)))
            {
                File.Delete(Path.Combine(directory, name));
            }
            else
            {
                inUse.Add(name);
            }
        }

        // Oldest first (the timestamps sort as text); keep room for the file being rotated and the new live one.
        inUse.Sort(StringComparer.Ordinal);
        var keep = Math.Max(0, _policy.MaxFiles - 2);
        var excess = Math.Max(0, inUse.Count - keep);
        foreach (var name in inUse.Take(excess))
        {
            File.Delete(Path.Combine(directory, name));
        }

        foreach (var name in inUse.Skip(excess).Where(n => !n.EndsWith(CompressSuffix, StringComparison.Ordinal)))
        {
            Compress(Path.Combine(directory, name));
        }
    }

    private static void Compress(string path)
    {
        var tmp = path + TmpSuffix;
        try
        {
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferBytes))
            using (var target = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
            using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
            {
                source.CopyTo(gzip);
            }

            File.Move(tmp, path + CompressSuffix);
            File.Delete(path);
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}
