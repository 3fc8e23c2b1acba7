namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Runs work on a new thread that ends with it. Linux namespaces and the working directory belong to threads: work
/// that unshares or enters a container's mount namespace to spawn a process there must not leave a thread behind in
/// it, for the runtime's thread pool to run unrelated code in.
/// </summary>
internal static class PrivateThread
{
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(() =>
        {
            // The task is completed elsewhere: completing it here could start a thread (see HostCompleter).
            try
            {
                var result = work();
                HostCompleter.Post(() => done.SetResult(result));
            }
            catch (Exception ex)
            {
                HostCompleter.Post(() => done.SetException(ex));
            }
        });
        return done.Task;
    }

    /// <summary>Waits for the thread: for a spawn (well under a millisecond), cheaper than a switch to async.</summary>
    public static T Run<T>(Func<T> work)
    {
        var handoff = new Handoff<T>();
        Start(() => handoff.Run(work));
        return handoff.Wait();
    }

    /// <summary>On a thread of the spawning threads' own descriptor table (<see cref="SpawnFileTable"/>).</summary>
    private static void Start(Action body)
    {
        HostCompleter.EnsureStarted();
        SpawnFileTable.Start(body, "podvisor namespace");
    }
}
