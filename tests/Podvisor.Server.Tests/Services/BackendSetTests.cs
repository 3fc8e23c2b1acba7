using System.Net;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Proxy;

namespace Podvisor.Server.Tests.Services;

public sealed class BackendSetTests
{
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 9001);
    private static readonly IPEndPoint B = new(IPAddress.Loopback, 9002);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Pick_GoesRoundRobin()
    {
        var set = new BackendSet(TimeSpan.FromSeconds(5), _time);
        set.Set([A, B]);

        Assert.Equal([A, B, A, B], [set.Pick(), set.Pick(), set.Pick(), set.Pick()]);
    }

    [Fact]
    public void RemovedEndpoint_KeepsTakingConnectionsUntilTheDelayEnds()
    {
        var set = new BackendSet(TimeSpan.FromSeconds(5), _time);
        set.Set([A, B]);

        set.Set([B]);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal([A, B], set.Current());

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([B], set.Current());
        Assert.Equal([B, B], [set.Pick(), set.Pick()]);
    }

    [Fact]
    public void AddedEndpoint_TakesConnectionsAtOnce_AndAReturningOneCancelsItsRemoval()
    {
        var set = new BackendSet(TimeSpan.FromSeconds(5), _time);
        set.Set([A]);
        set.Set([]);
        _time.Advance(TimeSpan.FromSeconds(2));

        set.Set([A, B]);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([A, B], set.Current());
    }

    [Fact]
    public void NoEndpoint_PicksNothing()
    {
        var set = new BackendSet(TimeSpan.Zero, _time);
        set.Set([A]);
        set.Set([]);

        Assert.Null(set.Pick());
    }
}
