using Podvisor.Runtime.Processes.Platform;
using Podvisor.Runtime.Processes.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// The grace period's SIGKILL holds the container's mount namespace until the death is seen, so the dying PID 1 does
/// not wait in its own exit for the namespace's unmount (bench/README.md, goal 2), and lets it go afterwards.
/// </summary>
public sealed class DyingNamespaceHoldTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Take_GivesTheProcesssOwnMountNamespace()
    {
        RequireRoot();
        var container = await _h.StartAsync("sleep", "1000");
        var own = NamespaceOf(container.ProcessId);
        Assert.NotEqual(Link("/proc/self/ns/mnt"), own);

        var pidfd = Native.PidfdOpen(container.ProcessId);
        try
        {
            var fd = DyingNamespaceHold.Take(pidfd);
            Assert.True(fd >= 0, $"PIDFD_GET_MNT_NAMESPACE failed: {Native.LastErrorText()}");
            Assert.Equal(own, Link($"/proc/self/fd/{fd}"));
            DyingNamespaceHold.Release(fd);
            await NoDescriptorOf(own, "the released namespace descriptor was never closed");
        }
        finally
        {
            Native.close(pidfd);
        }
    }

    [Fact]
    public async Task TheDeadlinesKill_HoldsTheNamespace_ThenReleasesItOnceTheDeathIsSeen()
    {
        RequireRoot();
        var container = await _h.StartAsync("sleep", "1000");
        var own = NamespaceOf(container.ProcessId);
        var before = DyingNamespaceHold.Held;

        using var armed = PreciseKillTimer.Shared.Arm(container, TimeProvider.System.GetUtcNow());
        await Harness.Within(armed.Sent);
        Assert.Equal(Podvisor.Engine.Runtime.Signals.SigKill, (await Harness.Within(container.Exited)).Signal);

        // Other tests' kills may be held meanwhile: at least this one was (the rehearsal at arm time holds nothing).
        Assert.True(DyingNamespaceHold.Held > before, "the kill should have held the victim's mount namespace");
        await NoDescriptorOf(own, "podvisor still holds the dead container's mount namespace");
    }

    private static void RequireRoot() =>
        Assert.True(Native.geteuid() == 0, "this test needs root (a container's own mount namespace): run the tests as root, as .ci/run does");

    private static string NamespaceOf(int pid) => Link($"/proc/{pid}/ns/mnt");

    /// <summary>Waits (up to the harness's bound) until no descriptor of this process refers to <paramref name="ns"/>.</summary>
    private static Task NoDescriptorOf(string ns, string failure) =>
        Polling.EventuallyAsync(() => !OwnDescriptors.AnyRefersTo(ns), Harness.UpperBound, TimeSpan.FromMilliseconds(10), () => failure);

    /// <summary>readlink(2): <c>mnt:[inode]</c> for a namespace.</summary>
    private static string Link(string path) => new FileInfo(path).LinkTarget ?? throw new InvalidOperationException($"{path} is not a link");
}
