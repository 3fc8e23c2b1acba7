namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// Commands that dash and bash run inside the shell process (POSIX special and regular built-ins, plus the
/// common bash ones): they start no child, so the shell staying PID 1 over them hides no program.
/// <c>exec</c> and the commands that run other programs (<c>command</c>, <c>eval</c>, <c>.</c>) are not here.
/// </summary>
internal static class ShellBuiltins
{
    private static readonly HashSet<string> Names =
    [
        ":", "alias", "bg", "break", "cd", "continue", "declare", "echo", "exit", "export", "false", "fg", "getopts",
        "hash", "jobs", "kill", "let", "local", "printf", "pwd", "read", "readonly", "return", "set", "shift", "test",
        "[", "[[", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    ];

    public static bool Contains(string name) => Names.Contains(name);
}
