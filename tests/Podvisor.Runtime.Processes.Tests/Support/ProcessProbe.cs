namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>Looks at /proc: a process is gone when it has no entry or is a zombie (killed, waiting for a reaper).</summary>
internal static class ProcessProbe
{
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Waits until <paramref name="pid"/> is gone; SIGKILL delivery is asynchronous, so this polls /proc up to the upper bound.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + Harness.UpperBound;
        while (!IsGone(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>Test cleanup for processes that deliberately escaped their group.</summary>
    public static void Kill(int pid)
    {
        if (pid > 0 && !IsGone(pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
            }
        }
    }
}
