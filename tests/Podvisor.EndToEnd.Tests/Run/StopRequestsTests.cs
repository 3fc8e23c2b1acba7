using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class StopRequestsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task SameSignalTwiceAtOnce_OneGracefulStop()
    {
        using var stop = new StopRequests(_time, stopAfter: null);

        stop.Receive(PosixSignal.SIGTERM);
        stop.Receive(PosixSignal.SIGTERM);

        Assert.Equal("SIGTERM received", await stop.Graceful);
        Assert.False(stop.Forced.IsCompleted);
    }

    [Fact]
    public async Task SameSignalAfterTheWindow_Forces()
    {
        using var stop = new StopRequests(_time, stopAfter: null);

        stop.Receive(PosixSignal.SIGTERM);
        _time.Advance(StopRequests.SameDelivery);
        stop.Receive(PosixSignal.SIGTERM);

        Assert.Equal("SIGTERM received again", await stop.Forced);
    }

    [Fact]
    public async Task SecondCtrlCAtOnce_Forces()
    {
        using var stop = new StopRequests(_time, stopAfter: null);

        stop.Receive(PosixSignal.SIGINT);
        stop.Receive(PosixSignal.SIGINT);

        Assert.Equal("SIGINT received again", await stop.Forced);
    }

    [Fact]
    public void OtherSignalAtOnce_Forces()
    {
        using var stop = new StopRequests(_time, stopAfter: null);

        stop.Receive(PosixSignal.SIGTERM);
        stop.Receive(PosixSignal.SIGINT);

        Assert.True(stop.Forced.IsCompleted);
    }

    [Fact]
    public async Task Sighup_GracefulStop()
    {
        using var stop = new StopRequests(_time, stopAfter: null);

        stop.Receive(PosixSignal.SIGHUP);

        Assert.Equal("SIGHUP received", await stop.Graceful);
        Assert.False(stop.Forced.IsCompleted);
    }
}
