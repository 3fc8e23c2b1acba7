using Podvisor.Engine.Volumes;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>The type of a host path, following symlinks (what hostPath type checks ask).</summary>
internal static unsafe class HostFileTypes
{
    public static HostPathKind KindOf(string path)
    {
        var buffer = stackalloc byte[Native.StatxSize];
        if (Native.statx(Native.AtFdCwd, path, 0, Native.StatxType, buffer) != 0)
        {
            return HostPathKind.Missing;
        }

        return (*(ushort*)(buffer + Native.StatxModeOffset) & 0xF000) switch
        {
            0x4000 => HostPathKind.Directory,
            0x8000 => HostPathKind.File,
            0xC000 => HostPathKind.Socket,
            0x2000 => HostPathKind.CharDevice,
            0x6000 => HostPathKind.BlockDevice,
            _ => HostPathKind.Other,
        };
    }

    /// <summary>rename(2): atomically replaces <paramref name="destination"/> (the atomic writer's <c>..data</c> swap).</summary>
    /// <exception cref="IOException">The rename failed; the message has errno's text.</exception>
    public static void RenameOver(string source, string destination)
    {
        if (Native.rename(source, destination) != 0)
        {
            throw new IOException($"rename {source} {destination}: {Native.LastErrorText()}");
        }
    }
}
