using System.Text;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>Reads the setup step's report: empty at EOF means the mounts are done; text is the failure.</summary>
internal static class SetupPipe
{
    private const int Limit = 16 * 1024;

    /// <summary>Reads <paramref name="fd"/> to EOF on the event loop (no thread waits on it) and closes it.</summary>
    public static Task<string> ReadToEndAsync(EventLoop loop, int fd)
    {
        var text = new MemoryStream();
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        OutputPipe.Start(
            loop,
            fd,
            data =>
            {
                if (text.Length < Limit)
                {
                    text.Write(data);
                }
            },
            () => done.TrySetResult(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length).Trim()));
        return done.Task;
    }
}
