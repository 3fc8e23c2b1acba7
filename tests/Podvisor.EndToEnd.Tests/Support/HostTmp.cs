using System.Net.Sockets;

namespace Podvisor.EndToEnd.Tests.Support;

/// <summary>
/// What the seed's demo shares with the host when a pod has no private /tmp (a runtime without mount
/// namespaces, or one not running as root): the hook's file /tmp/postStart-done, and port 8080. A stale file
/// left by an earlier run would let the app skip its wait, so the seed tests remove it before and after they
/// run; with a private /tmp per container that is a harmless no-op on the host's /tmp.
/// </summary>
internal static class HostTmp
{
    public const string PostStartFile = "/tmp/postStart-done";

    /// <summary>The sample's default ready file, left behind at exit as the original leaves it.</summary>
    public const string ReadyFile = "/tmp/random-generator-ready";

    public static void RemovePostStartFile()
    {
        try
        {
            File.Delete(PostStartFile);
            File.Delete(ReadyFile);
        }
        catch (IOException)
        {
            // Another run's file being written: the assertions on the wait will say so.
        }
    }

    /// <summary>The verbatim manifests call port 8080: if something already listens there, the story cannot be told.</summary>
    public static void AssertPort8080Free()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", 8080);
        }
        catch (SocketException)
        {
            return;
        }

        Assert.Fail("something already listens on 127.0.0.1:8080; the seed's manifests need that port free");
    }

    /// <summary>A port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
