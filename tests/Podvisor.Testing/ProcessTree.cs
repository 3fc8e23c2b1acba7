using System.Diagnostics;
using System.Globalization;

namespace Podvisor.Testing;

/// <summary>
/// Ends a podvisor a test started the way a crash does, SIGKILL to podvisor alone, so that its process guard (a child
/// that outlives it) does its work: kills the containers and removes podvisor's temporary directories. Killing the
/// whole tree at once would kill the guard before it cleans up. Whatever of the tree is still alive after a bound is
/// SIGKILLed, so nothing outlives the test either way.
/// </summary>
internal static class ProcessTree
{
    public static async Task KillLeavingItsGuardToCleanUpAsync(Process process, TimeSpan bound)
    {
        var descendants = DescendantsOf(process.Id);
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        await process.WaitForExitAsync();
        await Polling.UntilAsync(() => descendants.All(p => !IsAlive(p.Pid, p.StartTime)), bound, TimeSpan.FromMilliseconds(50));
        foreach (var (pid, startTime) in descendants.Where(p => IsAlive(p.Pid, p.StartTime)))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }

    /// <summary>Every live descendant, with its start time (field 22 of /proc/PID/stat) so a reused PID is not taken for it.</summary>
    private static List<(int Pid, string StartTime)> DescendantsOf(int root)
    {
        var parents = new Dictionary<int, (int Parent, string StartTime)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = (stat.Parent, stat.StartTime);
            }
        }

        var found = new List<(int, string)>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, (ppid, start)) in parents)
            {
                if (ppid == parent)
                {
                    found.Add((pid, start));
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    private static bool IsAlive(int pid, string startTime) =>
        Stat(pid) is { } stat && stat.StartTime == startTime && stat.State != 'Z';

    /// <summary>The state, parent and start time from /proc/PID/stat (after the command name, which may hold spaces), or null when gone.</summary>
    private static (char State, int Parent, string StartTime)? Stat(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].Split(' ');
            // fields[0] is the state (stat field 3): the parent is field 4, the start time field 22.
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), fields[19]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
