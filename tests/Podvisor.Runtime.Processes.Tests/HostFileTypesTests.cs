using System.Net.Sockets;
using Podvisor.Engine.Volumes;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>What hostPath type checks see through the process runtime: real file types, symlinks followed.</summary>
public sealed class HostFileTypesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podvisor-filetypes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KindOf_TellsEveryType()
    {
        await using var runtime = new ProcessContainerRuntime(TimeProvider.System, new ProcessRuntimeOptions { UseGuard = false });
        var file = Path.Combine(_dir, "f");
        await File.WriteAllTextAsync(file, "x");
        var link = Path.Combine(_dir, "link");
        File.CreateSymbolicLink(link, _dir);
        var socketPath = Path.Combine(_dir, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        Assert.Equal(HostPathKind.Directory, runtime.KindOf(_dir));
        Assert.Equal(HostPathKind.File, runtime.KindOf(file));
        Assert.Equal(HostPathKind.Directory, runtime.KindOf(link));
        Assert.Equal(HostPathKind.Socket, runtime.KindOf(socketPath));
        Assert.Equal(HostPathKind.CharDevice, runtime.KindOf("/dev/null"));
        Assert.Equal(HostPathKind.Missing, runtime.KindOf(Path.Combine(_dir, "nope")));
    }
}
