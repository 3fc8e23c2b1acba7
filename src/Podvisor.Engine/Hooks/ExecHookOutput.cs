namespace Podvisor.Engine.Hooks;

/// <summary>An exec hook's result.</summary>
/// <param name="ExitCode">The command's exit code; null when the runtime could not run it at all.</param>
/// <param name="Output">Its stdout and stderr together, at most <see cref="HookOutput.MaxBytes"/> of UTF-8.</param>
/// <param name="Truncated">The output reached the cap: anything beyond it was not kept.</param>
public sealed record ExecHookOutput(int? ExitCode, string Output, bool Truncated) : HookOutput
{
    /// <inheritdoc/>
    public override string Handler => "exec";
}
