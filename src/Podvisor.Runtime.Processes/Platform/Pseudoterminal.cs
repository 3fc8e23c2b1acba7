using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A pseudoterminal for one exec with a tty. The master is podvisor's; the slave is opened by the command's spawn (as its
/// stdin, stdout, stderr and controlling terminal, <see cref="SpawnRequest.Terminal"/>). Until that spawn has returned,
/// <see cref="HoldSlave"/> keeps the slave open here too, so the master does not read as hung up (EIO) before the command
/// has it; once every process holding the slave has exited, reading the master ends (EIO, which the reader takes for EOF).
/// </summary>
internal sealed class Pseudoterminal
{
    private Pseudoterminal(int master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The master's descriptor (close-on-exec); its owner closes it.</summary>
    public int Master { get; }

    /// <summary>The slave's path, <c>/dev/pts/N</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Opens a new pair; <see cref="IOException"/> if the system has none to give.</summary>
    public static unsafe Pseudoterminal Open()
    {
        var master = Native.posix_openpt(Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
        if (master < 0)
        {
            throw new IOException($"open a pseudoterminal: {Native.LastErrorText()}");
        }

        var name = stackalloc byte[128];
        if (Native.grantpt(master) != 0 || Native.unlockpt(master) != 0 || Native.ptsname_r(master, name, 128) != 0)
        {
            var error = Native.LastErrorText();
            Native.close(master);
            throw new IOException($"set up a pseudoterminal: {error}");
        }

        return new Pseudoterminal(master, Marshal.PtrToStringUTF8((nint)name) ?? throw new IOException("ptsname gave no name"));
    }

    /// <summary>Opens the slave here (not as a controlling terminal); the caller closes it once the command has it.</summary>
    public int HoldSlave()
    {
        var fd = Native.open(SlavePath, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC);
        return fd >= 0 ? fd : throw new IOException($"open {SlavePath}: {Native.LastErrorText()}");
    }

    /// <summary>Sets the window size (TIOCSWINSZ on the master): the kernel sends the terminal's foreground group SIGWINCH.</summary>
    public static unsafe bool Resize(int master, ushort columns, ushort rows)
    {
        var size = new Native.WindowSize { Columns = columns, Rows = rows };
        return Native.ioctl_winsize(master, Native.TIOCSWINSZ, &size) == 0;
    }

    /// <summary>The window size (TIOCGWINSZ), as (columns, rows); null if the descriptor is no terminal.</summary>
    public static unsafe (ushort Columns, ushort Rows)? SizeOf(int fd)
    {
        var size = default(Native.WindowSize);
        return Native.ioctl_winsize(fd, Native.TIOCGWINSZ, &size) == 0 ? (size.Columns, size.Rows) : null;
    }
}
