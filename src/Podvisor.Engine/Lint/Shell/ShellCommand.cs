namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// One simple command of a script, as the shell would run it: its words without leading assignments
/// and redirections, and where it sits in the script's structure.
/// </summary>
/// <param name="Words">The command name and its arguments, quotes removed; never empty.</param>
/// <param name="Nested">Inside a compound command (<c>if</c>, a loop, <c>case</c>, <c>{ }</c>, a subshell).</param>
/// <param name="Piped">Part of a pipeline of two or more commands.</param>
/// <param name="Background">Ended by <c>&amp;</c>: the shell does not wait for it.</param>
/// <param name="Redirected">Has a redirection (<c>&gt; file</c>, <c>2&gt;&amp;1</c>).</param>
internal sealed record ShellCommand(IReadOnlyList<string> Words, bool Nested, bool Piped, bool Background, bool Redirected)
{
    public string Name => Words[0];
}
