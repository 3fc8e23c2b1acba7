using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

// The pidfd ioctl behind DyingNamespaceHold: <linux/pidfd.h>, PIDFS_IOCTL_MAGIC 0xFF, the same on x86-64 and arm64.
internal static partial class Native
{
    /// <summary><c>PIDFD_GET_MNT_NAMESPACE</c> (<c>_IO(0xFF, 3)</c>, Linux ≥ 6.11): a descriptor (close-on-exec) of the process's mount namespace.</summary>
    public const ulong PidfdGetMntNamespace = 0xFF03;

    /// <summary>ioctl(2) with no argument; -1 with errno.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl_none(int fd, ulong request, nint argument);
}
