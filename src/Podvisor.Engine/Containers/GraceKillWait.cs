using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Containers;

/// <summary>
/// The wait between the stop signal and SIGKILL. With a runtime that offers <see cref="IKillDeadlines"/> on the
/// real clock, the kill is armed there at the deadline (re-armed whenever a deletion shortens the grace period), so
/// it is not late by however long the thread pool takes to run a timer's continuation on a busy machine. Otherwise
/// it is <see cref="GraceWindow.WaitAsync"/>, and the caller sends the kill itself.
/// </summary>
internal static class GraceKillWait
{
    /// <summary>
    /// Waits for <paramref name="container"/> to exit or for <paramref name="deadline"/>. Returns the instant the
    /// runtime sent SIGKILL, or null when it did not (the container exited first, or there is no precise path).
    /// </summary>
    public static async Task<DateTimeOffset?> WaitAsync(
        GraceWindow window, IRunningContainer container, Func<DateTimeOffset> deadline, TimeProvider time, IKillDeadlines? deadlines)
    {
        if (deadlines is null || !ReferenceEquals(time, TimeProvider.System))
        {
            await window.WaitAsync(container.Exited, deadline, time).ConfigureAwait(false);
            return null;
        }

        while (!container.Exited.IsCompleted)
        {
            // Taken before the deadline is read, so a shortening in between still re-arms.
            var changed = window.Changed;
            var armed = deadlines.Arm(container, deadline());
            try
            {
                await Task.WhenAny(container.Exited, armed.Sent, changed).ConfigureAwait(false);
            }
            finally
            {
                armed.Dispose();
            }

            // Disarmed now: it either fired (even while the container was exiting on its own) or never will.
            if (armed.Sent.IsCompletedSuccessfully)
            {
                return await armed.Sent.ConfigureAwait(false);
            }

            if (!changed.IsCompleted)
            {
                break;
            }
        }

        return null;
    }
}
