using System.Runtime.ExceptionServices;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Runs work on a new thread that ends with it. Linux namespaces and the working directory belong to threads: work
/// that unshares or enters a container's mount namespace to spawn a process there must not leave a thread behind in
/// it, for the runtime's thread pool to run unrelated code in.
/// </summary>
internal static class PrivateThread
{
    private const int StackBytes = 256 * 1024;

    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(() =>
        {
            try
            {
                done.TrySetResult(work());
            }
            catch (Exception ex)
            {
                // Try*: an exception on this raw thread would end the process. CI saw one run end here when a second
                // completion was attempted (SetException after the task had completed); the cause is not known yet, so
                // the work's exception goes to the task when it can, and a completed task is left as it is.
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Waits for the thread: for a spawn (well under a millisecond), cheaper than a switch to async.</summary>
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = Start(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static Thread Start(Action body)
    {
        var thread = new Thread(() => body(), StackBytes) { IsBackground = true, Name = "podvisor namespace" };
        thread.UnsafeStart();
        return thread;
    }
}
