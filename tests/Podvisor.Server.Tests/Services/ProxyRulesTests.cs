using System.Net;
using System.Text.Json.Nodes;
using Podvisor.Server.Proxy;
using Podvisor.Server.Services;

namespace Podvisor.Server.Tests.Services;

public sealed class ProxyRulesTests
{
    [Fact]
    public void From_ListensOnClusterIpAndNodePort_ForwardsToReadyEndpointsOnly()
    {
        var service = JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"clusterIP":"127.96.0.2","ports":[{"name":"http","port":80,"protocol":"TCP","nodePort":30080},{"name":"dns","port":53,"protocol":"UDP"}]}}
            """)!.AsObject();
        var slice = JsonNode.Parse("""
            {"metadata":{"name":"web-abcde","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
             "ports":[{"name":"http","port":9000,"protocol":"TCP"}],
             "endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}},{"addresses":["127.0.0.2"],"conditions":{"ready":false,"serving":true,"terminating":true}}]}
            """)!.AsObject();

        var rules = ProxyRules.From([service], [slice]);

        IPEndPoint[] backends = [new(IPAddress.Loopback, 9000)];
        Assert.Equal(2, rules.Count);
        Assert.Contains(rules, r => r.Frontend.Equals(new IPEndPoint(IPAddress.Parse("127.96.0.2"), 80)) && r.Backends.SequenceEqual(backends));
        Assert.Contains(rules, r => r.Frontend.Equals(new IPEndPoint(IPAddress.Loopback, 30080)) && r.Backends.SequenceEqual(backends));
    }

    [Fact]
    public void From_SkipsHeadlessServices()
    {
        var service = JsonNode.Parse("""{"metadata":{"name":"db","namespace":"default"},"spec":{"clusterIP":"None","ports":[{"port":5432,"protocol":"TCP"}]}}""")!.AsObject();

        Assert.Empty(ProxyRules.From([service], []));
    }

    [Fact]
    public async Task ServiceProxy_ForwardsRoundRobin_AndRefusesWithoutEndpoints()
    {
        using var first = StartEcho("a");
        using var second = StartEcho("b");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var proxy = new ServiceProxy(TimeSpan.Zero, TimeProvider.System, log.Enqueue);
        IPEndPoint[] backends = [(IPEndPoint)first.LocalEndpoint, (IPEndPoint)second.LocalEndpoint];

        // A free port can be taken by another process before the proxy binds it (other test runs share this machine): try another.
        var frontend = new IPEndPoint(IPAddress.Parse("127.96.200.1"), FreePort());
        for (var attempt = 0; attempt < 5 && proxy.EndpointsOf(frontend).Count == 0; attempt++)
        {
            frontend = new IPEndPoint(frontend.Address, FreePort());
            await proxy.ApplyAsync([new ProxyRule(frontend, backends)]);
        }

        Assert.True(proxy.EndpointsOf(frontend).Count == 2, "the proxy did not listen: " + string.Join("; ", log));
        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await ReadOneAsync(frontend));
        }

        Assert.True(answers.SequenceEqual(["a", "b", "a", "b"]), $"answers {string.Join(",", answers)}; proxy log: {string.Join("; ", log)}");

        await proxy.ApplyAsync([new ProxyRule(frontend, [])]);
        // The proxy resets the connection: seen as a failed read, or as a socket error if the reset comes first.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ReadOneAsync(frontend));
        Assert.True(refused is IOException or System.Net.Sockets.SocketException, refused.ToString());
    }

    private static async Task<string> ReadOneAsync(IPEndPoint frontend)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(frontend, timeout.Token);
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadToEndAsync(timeout.Token) is { Length: > 0 } text ? text : throw new IOException("closed without an answer");
    }

    /// <summary>A listener that answers every connection with its name and closes it.</summary>
    private static System.Net.Sockets.TcpListener StartEcho(string name)
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(name));
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        });
        return listener;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
