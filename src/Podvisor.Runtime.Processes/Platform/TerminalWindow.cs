namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A terminal's window size control: a descriptor of its own of the pseudoterminal's master (the reader closes its
/// own at EOF), set with TIOCSWINSZ until disposed. Resizes and the close share a lock, so a resize never reaches a
/// descriptor number that was closed and reused. Serves an exec's terminal and a <c>tty: true</c> container's alike.
/// </summary>
internal sealed class TerminalWindow : IDisposable
{
    private readonly Lock _gate = new();
    private int _fd;

    /// <summary>Duplicates <paramref name="master"/>; a failed duplicate makes a window that resizes nothing.</summary>
    public TerminalWindow(int master) => _fd = Native.fcntl(master, Native.F_DUPFD_CLOEXEC, 3);

    /// <summary>Sets the window size (the terminal's foreground group gets SIGWINCH); nothing once disposed.</summary>
    public void Resize(ushort columns, ushort rows)
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                Pseudoterminal.Resize(_fd, columns, rows);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                Native.close(_fd);
                _fd = -1;
            }
        }
    }
}
