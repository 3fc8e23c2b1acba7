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
}
