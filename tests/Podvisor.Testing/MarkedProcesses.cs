using System.Globalization;

namespace Podvisor.Testing;

/// <summary>
/// Finds live processes by a marker in their command line (a <c>sleep 3600.NNNNNN</c> a test's container starts),
/// reading /proc directly: how a test counts what a container left behind, wherever it was reparented to.
/// </summary>
internal static class MarkedProcesses
{
    /// <summary>A <c>sleep</c> argument unique to one test: <c>3600.NNNNNN</c> (GNU and busybox sleep take fractions).</summary>
    public static string NewMarker() => "3600." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>PIDs of live (not zombie) processes whose command line starts with <c>sleep MARKER</c>.</summary>
    public static List<int> Find(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat")).Split(") ")[^1];
                if (commandLine.StartsWith("sleep " + marker, StringComparison.Ordinal) && !state.StartsWith('Z'))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    /// <summary>SIGKILLs every marked process: a test's cleanup, so nothing outlives it even when it fails.</summary>
    public static void KillAll(string marker)
    {
        foreach (var pid in Find(marker))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }
}
