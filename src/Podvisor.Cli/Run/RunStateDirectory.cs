using System.Globalization;

namespace Podvisor.Cli.Run;

/// <summary>Where a run keeps container logs and pod state.</summary>
internal static class RunStateDirectory
{
    /// <summary>
    /// An explicit <c>--state-dir</c> is used as given; otherwise a new directory per run under the XDG state
    /// home, so concurrent and successive runs never share log files.
    /// </summary>
    public static string Resolve(string? explicitPath, TimeProvider time, int processId)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        // XDG Base Directory spec: a relative $XDG_STATE_HOME is invalid and must be ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        var run = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{processId}");
        return Path.Combine(root, "podvisor", "runs", run);
    }
}
