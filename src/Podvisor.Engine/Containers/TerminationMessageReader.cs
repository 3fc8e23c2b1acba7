using System.Text;
using k8s.Models;

namespace Podvisor.Engine.Containers;

/// <summary>
/// The terminated state's <c>message</c>: the termination message file (at most 4096 bytes) or, with
/// <c>FallbackToLogsOnError</c> and a failed exit, the tail of the log (kubelet: last 80 lines, last 2048 bytes).
/// </summary>
internal static class TerminationMessageReader
{
    private const int MaxFileBytes = 4096;
    private const int MaxLogLines = 80;
    private const int MaxLogBytes = 2048;

    /// <param name="toHost">
    /// Where a path of the container's view is on the host (its private /tmp, its volumes); null when it
    /// is not inside one. The host path itself is tried after it, for a runtime without isolation.
    /// </param>
    public static string? Read(V1Container container, DateTimeOffset startedAt, int exitCode, string logPath, Func<string, string?>? toHost = null)
    {
        var path = container.TerminationMessagePath ?? "/dev/termination-log";
        var fromFile = (toHost?.Invoke(path) is { } mapped ? ReadFile(mapped, startedAt) : null) ?? ReadFile(path, startedAt);
        if (!string.IsNullOrEmpty(fromFile))
        {
            return fromFile;
        }

        return container.TerminationMessagePolicy == "FallbackToLogsOnError" && exitCode != 0 ? ReadLogTail(logPath) : null;
    }

    private static string? ReadFile(string path, DateTimeOffset startedAt)
    {
        try
        {
            var info = new FileInfo(path);

            // Without a private filesystem the path is the host's: a file older than this instance is not its message.
            if (!info.Exists || info.LastWriteTimeUtc < startedAt.UtcDateTime.AddSeconds(-1))
            {
                return null;
            }

            using var stream = info.OpenRead();
            var buffer = new byte[MaxFileBytes];
            var read = stream.ReadAtLeast(buffer, MaxFileBytes, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadLogTail(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return null;
        }

        var lines = File.ReadLines(logPath).TakeLast(MaxLogLines).Select(CriLogLine.Content);
        var text = string.Join('\n', lines);
        if (text.Length > 0)
        {
            text += "\n";
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= MaxLogBytes ? text : Encoding.UTF8.GetString(bytes, bytes.Length - MaxLogBytes, MaxLogBytes);
    }
}
