namespace Podvisor.Server.Exec;

/// <summary>Resolves an exec command's program the way execve with the container's PATH would.</summary>
internal static class ExecutableLookup
{
    public static string? Resolve(string program, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(program) ? program : Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), program);
            return File.Exists(path) ? path : null;
        }

        var pathVariable = environment.LastOrDefault(e => e.Key == "PATH").Value ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var directory in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
