using System.Globalization;
using System.Runtime.InteropServices;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Holds a container's first process between its creation and its exec, so that its PID namespace's <c>/proc</c> can
/// be mounted before the command runs. The namespace cannot be named before it has a process (its
/// <c>pid_for_children</c> link opens only once there is one), and posix_spawn runs no code of ours in the child: so
/// the child opens two FIFOs as file actions, before exec. Opening <c>arrived</c> for writing meets the attendant
/// thread's open for reading (the child exists); opening <c>proceed</c> for reading blocks until the attendant, its
/// work done, opens it for writing. Both descriptors are closed by the spawn's closefrom before exec. Every open goes
/// through a descriptor of the FIFOs' directory, taken before the new /proc hides the path to it.
/// </summary>
internal sealed class StartGate : IDisposable
{
    private static long s_next;
    private readonly int _directory;
    private readonly int _workingDirectory;
    private readonly string _arrived;
    private readonly string _proceed;
    private Thread? _attendant;
    private volatile bool _abandoned;
    private string? _failure;

    private StartGate(int directory, int workingDirectory, string arrived, string proceed)
    {
        _directory = directory;
        _workingDirectory = workingDirectory;
        _arrived = arrived;
        _proceed = proceed;
    }

    /// <summary>What the child opens before exec; it returns to the calling thread's working directory after.</summary>
    public GateOpen ChildOpens => new(_directory, _arrived, _proceed, _workingDirectory);

    /// <summary>Set when the attendant's work failed; the child was released anyway and must be killed.</summary>
    public string? Failure => _failure;

    /// <summary>Makes the FIFOs in <paramref name="directory"/> (a host path), reached through podvisor's own root.</summary>
    public static StartGate Create(string directory)
    {
        var id = Interlocked.Increment(ref s_next).ToString(CultureInfo.InvariantCulture);
        var (arrived, proceed) = (id + ".arrived", id + ".proceed");

        // The calling thread may already be in the container's mount namespace, where a private /tmp or a volume hides
        // the host's directory: /proc/PID/root leads to podvisor's own view of it.
        var ourRoot = string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/root{directory}");
        var directoryFd = Native.open(ourRoot, Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
        var workingDirectoryFd = Native.open(".", Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
        if (directoryFd < 0 || workingDirectoryFd < 0
            || Native.mkfifoat(directoryFd, arrived, 0x180) != 0 || Native.mkfifoat(directoryFd, proceed, 0x180) != 0)
        {
            var failure = $"start gate in {directory}: {Native.LastErrorText()}";
            foreach (var fd in new[] { directoryFd, workingDirectoryFd }.Where(fd => fd >= 0))
            {
                _ = Native.unlinkat(directoryFd, arrived, 0);
                Native.close(fd);
            }

            throw new NamespaceSetupException(failure);
        }

        return new StartGate(directoryFd, workingDirectoryFd, arrived, proceed);
    }

    /// <summary>Starts the attendant: once the child has arrived, <paramref name="work"/> runs (null or a failure), then the child proceeds.</summary>
    public void Attend(Func<string?> work)
    {
        _attendant = new Thread(
            () =>
            {
                var arrived = OpenBlocking(_arrived, Native.O_RDONLY);
                if (_abandoned)
                {
                    CloseIfOpen(arrived);
                    return;
                }

                try
                {
                    _failure = work();
                }
                catch (NamespaceSetupException ex)
                {
                    _failure = ex.Message;
                }
                catch (IOException ex)
                {
                    // Out of descriptors (EMFILE) and the like: this container's start fails, as any setup failure does;
                    // thrown on this thread it would end the whole process, every other container with it.
                    _failure = ex.Message;
                }
                finally
                {
                    CloseIfOpen(OpenBlocking(_proceed, Native.O_WRONLY));
                    CloseIfOpen(arrived);
                }
            },
            256 * 1024) { IsBackground = true, Name = "podvisor start gate" };
        _attendant.UnsafeStart();
    }

    /// <summary>
    /// After the spawn returned: if the child never reached the gate (the spawn failed before), the attendant still
    /// waits for it; a non-blocking open for writing releases that wait. Then waits for the attendant and removes the FIFOs.
    /// </summary>
    public void Dispose()
    {
        if (_abandoned)
        {
            return;
        }

        _abandoned = true;
        CloseIfOpen(Native.openat(_directory, _arrived, Native.O_WRONLY | Native.O_NONBLOCK | Native.O_CLOEXEC));
        if (_attendant is { IsAlive: true } attendant)
        {
            attendant.Join();
        }

        _ = Native.unlinkat(_directory, _arrived, 0);
        _ = Native.unlinkat(_directory, _proceed, 0);
        Native.close(_directory);
        Native.close(_workingDirectory);
    }

    private int OpenBlocking(string name, int flags)
    {
        int fd;
        do
        {
            fd = Native.openat(_directory, name, flags | Native.O_CLOEXEC);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Native.EINTR);

        return fd;
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            Native.close(fd);
        }
    }
}
