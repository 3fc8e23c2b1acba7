using Podvisor.Cli.Run;
using Podvisor.Engine.Runtime;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class RuntimeStartTests
{
    [Fact]
    public async Task Warnings_WaitForTheTaker_InTheirOrder()
    {
        var runtime = new FakeContainerRuntime(TimeProvider.System);
        var start = RuntimeStart.Begin(warn =>
        {
            warn("first");
            warn("second");
            return Task.FromResult<IContainerRuntime>(runtime);
        });
        List<string> seen = [];

        var taken = await start.TakeAsync(seen.Add);

        Assert.Same(runtime, taken);
        Assert.Equal(["first", "second"], seen);
        await start.AbandonUnlessTakenAsync();
        Assert.Equal(0, runtime.Disposals);
    }

    [Fact]
    public async Task NotTaken_IsStoppedWhenAbandoned()
    {
        var runtime = new FakeContainerRuntime(TimeProvider.System);
        var start = RuntimeStart.Begin(_ => Task.FromResult<IContainerRuntime>(runtime));

        await start.AbandonUnlessTakenAsync();

        Assert.Equal(1, runtime.Disposals);
    }

    [Fact]
    public async Task AFailedStart_ThrowsToTheTaker_AndIsQuietWhenAbandoned()
    {
        var start = RuntimeStart.Begin(_ => throw new InvalidOperationException("containerd did not start"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => start.TakeAsync(_ => { }));
        Assert.Equal("containerd did not start", thrown.Message);
        await start.AbandonUnlessTakenAsync();
    }

    [Fact]
    public async Task TheStart_RunsBeforeAnyoneWaits()
    {
        using var began = new SemaphoreSlim(0);
        var start = RuntimeStart.Begin(_ =>
        {
            began.Release();
            return Task.FromResult<IContainerRuntime>(new FakeContainerRuntime(TimeProvider.System));
        });

        Assert.True(await began.WaitAsync(TimeSpan.FromSeconds(30)));
        await start.AbandonUnlessTakenAsync();
    }
}
