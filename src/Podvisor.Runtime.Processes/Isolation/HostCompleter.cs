namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// One long-lived thread, in podvisor's own namespaces and descriptor table, that completes the tasks of
/// <see cref="PrivateThread.RunAsync{T}"/> and runs what a private thread must not run in its own table
/// (<see cref="SpawnFileTable.OnPodvisorTable"/>).
/// A private thread must create no thread: once it has entered a new PID namespace for its children (a container's
/// first start, a pod's pause process, a join of the pod's namespace), the kernel refuses it <c>CLONE_THREAD</c>
/// (EINVAL); and before that, a thread it created would inherit the container's mount namespace and working directory
/// and live on in the thread pool. Completing a task can do exactly that: queueing its continuations may start a thread
/// pool worker on the completing thread. When it failed after the task had completed, the completion threw, the private
/// thread's second completion threw "already completed" and the process ended; swallowing that instead left the pool
/// counting a worker that never started, and later starts hung. Handing the completion to this thread, with a lock and
/// a pulse (which create nothing), keeps the private thread to its system calls.
/// </summary>
internal static class HostCompleter
{
    // A plain object: Monitor's wait and pulse do not work on System.Threading.Lock.
    private static readonly object s_gate = new();
    private static readonly Queue<Action> s_pending = new();
    private static Thread? s_thread;

    /// <summary>Starts the thread if it is not running; called from the thread that asks for a private thread, never from one.</summary>
    public static void EnsureStarted()
    {
        lock (s_gate)
        {
            if (s_thread is not null)
            {
                return;
            }

            s_thread = new Thread(Drain, 256 * 1024) { IsBackground = true, Name = "podvisor host completer" };
            s_thread.UnsafeStart();
        }
    }

    /// <summary>Queues <paramref name="completion"/>; safe from a private thread (no allocation of threads, no pool work).</summary>
    public static void Post(Action completion)
    {
        lock (s_gate)
        {
            s_pending.Enqueue(completion);
            Monitor.Pulse(s_gate);
        }
    }

    /// <summary>Runs <paramref name="work"/> on this thread and waits for it; its exception is rethrown here.</summary>
    public static void Run(Action work)
    {
        var handoff = new Handoff<bool>();
        Post(() => handoff.Run(() =>
        {
            work();
            return true;
        }));
        handoff.Wait();
    }

    private static void Drain()
    {
        while (true)
        {
            Action next;
            lock (s_gate)
            {
                while (s_pending.Count == 0)
                {
                    Monitor.Wait(s_gate);
                }

                next = s_pending.Dequeue();
            }

            next();
        }
    }
}
