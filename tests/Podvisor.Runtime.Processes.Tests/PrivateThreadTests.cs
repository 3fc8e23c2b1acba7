using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// A private thread that has entered a new PID namespace for its children can create no thread (the kernel answers
/// EINVAL to CLONE_THREAD, which .NET reports as OutOfMemoryException). So its task must be completed elsewhere:
/// completing it queues continuations, and the thread pool starts a worker on the queueing thread when none is idle.
/// One CI run ended with "already completed" there (the start failed after the completion, and the second completion
/// threw), and another hung (the pool counted a worker that never started).
/// </summary>
public sealed class PrivateThreadTests
{
    [Fact]
    public void ThreadCreation_IsRefused_AfterEnteringANewPidNamespace()
    {
        RequireRoot();

        var refused = PrivateThread.Run(() =>
        {
            Assert.Equal(0, Native.unshare(Native.CloneNewPid));
            try
            {
                new Thread(() => { }).UnsafeStart();
                return false;
            }
            catch (OutOfMemoryException)
            {
                return true;
            }
        });

        // The premise of the next test: if the kernel allowed it, completing a task there would be harmless.
        Assert.True(refused);
    }

    [Fact]
    public async Task TaskOfAThreadInANewPidNamespace_IsCompletedFromAThreadThatCanStartThreads()
    {
        RequireRoot();
        using var registered = new ManualResetEventSlim();
        var scheduler = new ThreadStartingScheduler();

        var start = PrivateThread.RunAsync(() =>
        {
            Assert.Equal(0, Native.unshare(Native.CloneNewPid));
            Assert.True(registered.Wait(TimeSpan.FromSeconds(30)));
            return Native.gettid();
        });

        // A continuation is queued by the thread that completes the task: its scheduler starts a thread there, as the
        // thread pool does when it has no idle worker.
        var after = start.ContinueWith(t => t.Result, CancellationToken.None, TaskContinuationOptions.None, scheduler);
        registered.Set();
        var tid = await after.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(tid > 0);
        Assert.Null(scheduler.Refusal);
    }

    private static void RequireRoot() =>
        Assert.True(Native.geteuid() == 0,
            "PrivateThreadTests need root (unshare of a PID namespace): run the tests as root, as .ci/run does");
}

/// <summary>Queues each task on a thread it starts, and keeps what the kernel said when that was refused.</summary>
internal sealed class ThreadStartingScheduler : TaskScheduler
{
    public string? Refusal { get; private set; }

    protected override void QueueTask(Task task)
    {
        try
        {
            new Thread(() => TryExecuteTask(task)) { IsBackground = true }.UnsafeStart();
        }
        catch (OutOfMemoryException ex)
        {
            Refusal = $"thread {Native.gettid()} could not start a thread: {ex.Message}";
            TryExecuteTask(task);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
