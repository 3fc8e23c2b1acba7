// Why this file exists
// --------------------
// The CRI runtime binds a subPath itself before containerd sees it (SubPathBinds): containerd binds whatever path it is
// given, following links, so it gets a podvisor-owned target whose bind already holds the right file. These are the
// two mount(2) calls that needs; the rest of the project talks gRPC.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Cri.Platform;

internal static partial class MountCalls
{
    private const string Libc = "libc";
    private const uint MsBind = 4096;
    private const int MntDetach = 2;
    private const int EINVAL = 22;
    private const int ENOENT = 2;

    /// <summary>mount(source, target, MS_BIND), as the kubelet's <c>doBindSubPath</c> binds (no MS_REC); false with errno set.</summary>
    public static bool Bind(string source, string target) => mount(source, target, null, MsBind, 0) == 0;

    /// <summary>
    /// A lazy unmount of <paramref name="target"/> (a container may still hold it open); true when nothing is mounted
    /// there any more, including when nothing was.
    /// </summary>
    public static bool Unmount(string target) =>
        umount2(target, MntDetach) == 0 || Marshal.GetLastPInvokeError() is EINVAL or ENOENT;

    public static string LastErrorText()
    {
        var message = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? type, uint flags, nint data);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
