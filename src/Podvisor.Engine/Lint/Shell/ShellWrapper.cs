namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// An argv that runs a script through a shell: <c>sh -c SCRIPT</c>, <c>/bin/bash -ec SCRIPT</c>,
/// <c>busybox sh -c SCRIPT</c>. <see cref="Shell"/> is the shell's base name (<c>sh</c>, <c>bash</c>, ...).
/// </summary>
internal sealed record ShellWrapper(string Shell, string Script)
{
    private static readonly HashSet<string> Shells = ["sh", "bash", "dash", "ash", "ksh", "zsh", "mksh"];

    /// <summary>
    /// Shells measured to exec the last simple command of <c>-c</c> themselves, so that it replaces the shell
    /// (bash 5.2 unless that command has a redirection; busybox ash 1.35 always); Debian's dash 0.5.12 never
    /// does. See src/Podvisor.Engine/README.md, "podvisor lint".
    /// </summary>
    public bool ExecsLastCommand(ShellCommand last) => Shell switch
    {
        "bash" => !last.Redirected,
        "ash" => true,
        _ => false,
    };

    public static bool IsShell(string program) => Shells.Contains(BaseName(program));

    public static ShellWrapper? From(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return null;
        }

        var first = 0;
        var shell = BaseName(argv[0]);
        if (shell == "busybox" && argv.Count > 1 && BaseName(argv[1]) is "sh" or "ash")
        {
            (first, shell) = (1, "ash");
        }
        else if (!Shells.Contains(shell))
        {
            return null;
        }

        // Options come first (POSIX sh: "sh -c [options] command_string"); -o and +o take an argument.
        var readsScript = false;
        for (var i = first + 1; i < argv.Count; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                return readsScript && i + 1 < argv.Count ? new ShellWrapper(shell, argv[i + 1]) : null;
            }

            if (argument is "-o" or "+o")
            {
                i++;
                continue;
            }

            if (argument.Length > 1 && argument[0] is '-' or '+')
            {
                readsScript |= argument[0] == '-' && !argument.StartsWith("--", StringComparison.Ordinal) && argument.Contains('c', StringComparison.Ordinal);
                continue;
            }

            return readsScript ? new ShellWrapper(shell, argument) : null;
        }

        return null;
    }

    public static string BaseName(string program)
    {
        var slash = program.LastIndexOf('/');
        return slash < 0 ? program : program[(slash + 1)..];
    }
}
