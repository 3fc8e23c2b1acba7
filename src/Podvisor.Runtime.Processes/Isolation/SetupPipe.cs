using System.Text;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>Reads the setup step's report: empty at EOF means the mounts are done; text is the failure.</summary>
internal static class SetupPipe
{
    private const int Limit = 16 * 1024;

    /// <summary>Reads <paramref name="fd"/> to EOF on a pool thread (the setup takes milliseconds) and closes it.</summary>
    public static Task<string> ReadToEndAsync(int fd) => Task.Run(() =>
    {
        try
        {
            return Read(fd);
        }
        finally
        {
            Native.close(fd);
        }
    });

    private static unsafe string Read(int fd)
    {
        var text = new MemoryStream();
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var n = Native.read(fd, buffer, 4096);
            if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Native.EINTR)
            {
                continue;
            }

            if (n <= 0)
            {
                break;
            }

            if (text.Length < Limit)
            {
                text.Write(new ReadOnlySpan<byte>(buffer, (int)n));
            }
        }

        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length).Trim();
    }
}
