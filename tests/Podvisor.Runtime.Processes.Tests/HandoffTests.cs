using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests;

public sealed class HandoffTests
{
    [Fact]
    public void Wait_ReturnsWhatTheOtherThreadComputed()
    {
        var handoff = new Handoff<int>();
        var thread = new Thread(() => handoff.Run(() => Environment.CurrentManagedThreadId));
        thread.Start();

        Assert.Equal(thread.ManagedThreadId, handoff.Wait());
        thread.Join();
    }

    [Fact]
    public void Wait_RethrowsTheOtherThreadsException_WithItsType()
    {
        var handoff = new Handoff<int>();
        var thread = new Thread(() => handoff.Run(() => throw new IOException("too many open files")));
        thread.Start();

        var thrown = Assert.Throws<IOException>(() => handoff.Wait());
        Assert.Equal("too many open files", thrown.Message);
        thread.Join();
    }
}
