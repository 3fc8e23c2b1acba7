namespace Podvisor.Engine.Runtime;

/// <summary>What a streaming exec is given, as the CRI's <c>ExecRequest</c> asks for it.</summary>
/// <param name="Stdin">Keep the command's stdin open for the caller to write; otherwise it reads EOF at once.</param>
/// <param name="Tty">The caller asked for a terminal: without a pty, stderr is merged into stdout.</param>
public sealed record ExecStreams(bool Stdin, bool Tty);
