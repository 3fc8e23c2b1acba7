using System.Collections.Concurrent;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Keeps a container's mount namespace referenced from the grace period's SIGKILL until its death has been seen, and
/// then lets it go on a thread of its own. The last reference to a mount namespace unmounts its tree, and the kernel
/// then waits for an expedited RCU grace period (<c>namespace_unlock</c>); when the dying PID 1 holds that last
/// reference, it sleeps in its own exit until the RCU kthread, an ordinary task, gets a core, and only then is it dead
/// and its pidfd readable. Traced under load (bench/README.md, goal 2: <c>sched_switch</c> call chains, bench/sigkill-ftrace.py),
/// that wait was the whole tail of the lateness: 0.5–4.9 ms of exit after a kill sent on time. With the namespace held
/// here, the process dies without it and the unmount happens later, off every deadline. Nothing the container can see
/// changes: its processes are gone, and a namespace without processes is unreachable but through this descriptor.
/// </summary>
internal static class DyingNamespaceHold
{
    private static readonly BlockingCollection<int> Released = [];
    private static readonly Lazy<Thread> Releaser = new(StartReleaser);
    private static long s_held;

    /// <summary>How many namespaces were held at a kill, in this process (tests).</summary>
    public static long Held => Interlocked.Read(ref s_held);

    /// <summary>
    /// A descriptor of the mount namespace of the process <paramref name="pidfd"/> refers to, or -1 when the kernel
    /// cannot give one (before Linux 6.11, or the process has begun to exit): the kill goes on without it.
    /// </summary>
    public static int Take(int pidfd)
    {
        var fd = Native.ioctl_none(pidfd, Native.PidfdGetMntNamespace, 0);
        if (fd >= 0)
        {
            Interlocked.Increment(ref s_held);
        }

        return fd;
    }

    /// <summary>Closes <paramref name="fd"/> on the releaser thread: its close waits for the RCU grace period the death did not.</summary>
    public static void Release(int fd)
    {
        if (fd < 0)
        {
            return;
        }

        _ = Releaser.Value;
        Released.Add(fd);
    }

    private static Thread StartReleaser()
    {
        // One background thread: kills at a deadline are rare, and a close may sleep for milliseconds under load.
        var thread = new Thread(() =>
        {
            foreach (var fd in Released.GetConsumingEnumerable())
            {
                Native.close(fd);
            }
        })
        { IsBackground = true, Name = "podvisor-ns-release" };
        thread.Start();
        return thread;
    }
}
