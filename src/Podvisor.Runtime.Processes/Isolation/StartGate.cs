using System.Globalization;
using System.Runtime.InteropServices;
using Podvisor.Engine.Runtime;
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
/// <remarks>
/// Out of descriptors, a gate must neither hang nor leave its child: a child blocked in its open would hold the spawning
/// thread in posix_spawn for ever. So everything the attendant needs to end the wait is taken before the spawn: the
/// calling thread's <c>children</c> file (to find the child) and two reserved slots, each closed just before the
/// attendant's two FIFO opens. Should another thread take a freed slot first and that open fail, the attendant
/// SIGKILLs the child, which ends the spawn, and the start fails with the error.
/// </remarks>
internal sealed class StartGate : IDisposable
{
    private static long s_next;
    private readonly int _directory;
    private readonly int _workingDirectory;
    private readonly int _children;
    private readonly string _arrived;
    private readonly string _proceed;
    private int _arrivalSlot;
    private int _releaseSlot;
    private Thread? _attendant;
    private volatile bool _abandoned;
    private string? _failure;

    private StartGate(int directory, int workingDirectory, int children, int arrivalSlot, int releaseSlot, string arrived, string proceed)
    {
        _directory = directory;
        _workingDirectory = workingDirectory;
        _children = children;
        _arrivalSlot = arrivalSlot;
        _releaseSlot = releaseSlot;
        _arrived = arrived;
        _proceed = proceed;
    }

    /// <summary>What the child opens before exec; it returns to the calling thread's working directory after.</summary>
    public GateOpen ChildOpens => new(_directory, _arrived, _proceed, _workingDirectory);

    /// <summary>Set when the attendant's work failed; the child was released (or killed) anyway and must be reaped.</summary>
    public string? Failure => _failure;

    /// <summary>
    /// Makes the FIFOs in <paramref name="directory"/> (a host path), reached through podvisor's own root, for a child of
    /// the thread <paramref name="tid"/> (the caller).
    /// </summary>
    public static StartGate Create(string directory, int tid)
    {
        var id = Interlocked.Increment(ref s_next).ToString(CultureInfo.InvariantCulture);
        var (arrived, proceed) = (id + ".arrived", id + ".proceed");

        // The calling thread may already be in the container's mount namespace, where a private /tmp or a volume hides
        // the host's directory: /proc/PID/root leads to podvisor's own view of it.
        var ourRoot = string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/root{directory}");
        var children = string.Create(CultureInfo.InvariantCulture, $"/proc/self/task/{tid}/children");
        // The errno of the first call that failed, read at once: a later call that succeeds (another thread may have
        // closed a descriptor meanwhile) would otherwise leave "success" as the reason.
        var error = 0;
        int Checked(int result)
        {
            if (result < 0 && error == 0)
            {
                error = Marshal.GetLastPInvokeError();
            }

            return result;
        }

        int[] fds =
        [
            Checked(Native.open(ourRoot, Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC)),
            Checked(Native.open(".", Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC)),
            Checked(Native.open(children, Native.O_RDONLY | Native.O_CLOEXEC)),
            -1,
            -1,
        ];
        var made = 0;
        if (fds[0] >= 0)
        {
            (fds[3], fds[4]) = (Checked(Native.Reserve(fds[0])), Checked(Native.Reserve(fds[0])));
        }

        if (fds.All(fd => fd >= 0))
        {
            made = Checked(Native.mkfifoat(fds[0], arrived, 0x180)) == 0 ? 1 : 0;
            made += made == 1 && Checked(Native.mkfifoat(fds[0], proceed, 0x180)) == 0 ? 1 : 0;
        }

        if (made < 2)
        {
            var failure = $"start gate in {directory}: {Native.ErrorText(error)}";
            if (made == 1)
            {
                _ = Native.unlinkat(fds[0], arrived, 0);
            }

            foreach (var fd in fds.Where(fd => fd >= 0))
            {
                Native.close(fd);
            }

            throw new NamespaceSetupException(failure);
        }

        return new StartGate(fds[0], fds[1], fds[2], fds[3], fds[4], arrived, proceed);
    }

    /// <summary>
    /// Starts the attendant: once the child has arrived, <paramref name="work"/> runs with its PID (0 if it could not be
    /// read) and answers null or a failure; then the child proceeds.
    /// </summary>
    public void Attend(Func<int, string?> work)
    {
        _attendant = new Thread(
            SpawnFileTable.Inheriting(() =>
            {
                var arrived = OpenInto(ref _arrivalSlot, _arrived, Native.O_RDONLY);
                if (_abandoned)
                {
                    CloseIfOpen(arrived);
                    return;
                }

                if (arrived < 0)
                {
                    // The child is (or will be) blocked opening the other end: only its death ends the spawn.
                    _failure = $"start gate: {Native.LastErrorText()}";
                    KillChild(0);
                    return;
                }

                var child = Native.FirstChild(_children);
                try
                {
                    _failure = work(child);
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
                    var proceed = OpenInto(ref _releaseSlot, _proceed, Native.O_WRONLY);
                    if (proceed < 0)
                    {
                        _failure ??= $"start gate: {Native.LastErrorText()}";
                        KillChild(child);
                    }

                    CloseIfOpen(proceed);
                    CloseIfOpen(arrived);
                }
            }),
            256 * 1024) { IsBackground = true, Name = "podvisor start gate" };
        _attendant.UnsafeStart();
    }

    /// <summary>
    /// After the spawn returned: if the child never reached the gate (the spawn failed before), the attendant still
    /// waits for it; a non-blocking open for writing releases that wait (tried until the attendant has ended, since it
    /// succeeds only once the attendant is in its open). Then removes the FIFOs.
    /// </summary>
    public void Dispose()
    {
        if (_abandoned)
        {
            return;
        }

        _abandoned = true;
        if (_attendant is { } attendant)
        {
            // The open only meets an attendant already waiting in its own open, which it may not have reached yet.
            do
            {
                CloseIfOpen(Native.openat(_directory, _arrived, Native.O_WRONLY | Native.O_NONBLOCK | Native.O_CLOEXEC));
            }
            while (attendant.IsAlive && !attendant.Join(1));
        }

        _ = Native.unlinkat(_directory, _arrived, 0);
        _ = Native.unlinkat(_directory, _proceed, 0);
        foreach (var fd in new[] { _directory, _workingDirectory, _children, _arrivalSlot, _releaseSlot })
        {
            CloseIfOpen(fd);
        }
    }

    /// <summary>Frees the reserved slot, then opens: the lowest free slot, which is that one unless another thread took it.</summary>
    private int OpenInto(ref int slot, string name, int flags)
    {
        CloseIfOpen(slot);
        slot = -1;
        int fd;
        do
        {
            fd = Native.openat(_directory, name, flags | Native.O_CLOEXEC);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Native.EINTR);

        return fd;
    }

    /// <summary>SIGKILLs the calling thread's child (waiting for it to exist, unless the spawn failed before it did).</summary>
    private void KillChild(int known)
    {
        var child = known;
        while (child == 0 && !_abandoned)
        {
            // Rare (descriptors ran out between the reserve and the open) and short: the spawn is under way.
            Thread.Yield();
            child = Native.FirstChild(_children);
        }

        if (child > 0)
        {
            Native.KillProcess(child, Signals.SigKill);
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            Native.close(fd);
        }
    }
}
