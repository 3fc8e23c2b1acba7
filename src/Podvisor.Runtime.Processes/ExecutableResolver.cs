namespace Podvisor.Runtime.Processes;

/// <summary>
/// Finds argv[0] as execvp (and runc, through Go's exec.LookPath) does: a name with a slash is used
/// as is, relative to the working directory; a bare name is searched on the container's own PATH.
/// Errors read like runc's, which the kubelet shows as the container's StartError message.
/// </summary>
internal static class ExecutableResolver
{
    /// <summary>The PATH runc gives a process whose environment has none (Docker's default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static bool TryResolve(string file, string? pathVariable, string? workingDirectory, out string resolved, out string error) =>
        TryResolve(file, pathVariable, workingDirectory, static path => path, out resolved, out error);

    /// <summary>Resolves in a container's view: <paramref name="toHost"/> maps a container path to where podvisor can check it.</summary>
    public static bool TryResolve(
        string file, string? pathVariable, string? workingDirectory, Func<string, string> toHost, out string resolved, out string error)
    {
        resolved = file;
        error = string.Empty;
        if (file.Length == 0)
        {
            error = "exec: \"\": executable file not found in $PATH";
            return false;
        }

        if (file.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), file);
            var problem = Check(toHost(full));
            error = problem is null ? string.Empty : $"exec: \"{file}\": {(problem == "no such file or directory" ? $"stat {file}: {problem}" : problem)}";
            return problem is null;
        }

        foreach (var directory in (pathVariable ?? DefaultPath).Split(':'))
        {
            // An empty PATH entry means the current directory, as for execvp.
            var candidate = Path.Combine(directory.Length == 0 ? "." : directory, file);
            var full = Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), candidate);
            if (Check(toHost(full)) is null)
            {
                resolved = candidate.StartsWith('/') ? candidate : full;
                return true;
            }
        }

        error = $"exec: \"{file}\": executable file not found in $PATH";
        return false;
    }

    private static string? Check(string path)
    {
        if (Directory.Exists(path))
        {
            return "is a directory";
        }

        if (!File.Exists(path))
        {
            return "no such file or directory";
        }

        // access(2) answers for our real uid, root included, as exec will.
        return Platform.Native.access(path, Platform.Native.X_OK) == 0 ? null : "permission denied";
    }
}
