namespace Podvisor.Engine.Hooks;

/// <summary>A sleep hook's result: how long it was asked to sleep (whether it slept that long is the hook's duration).</summary>
public sealed record SleepHookOutput(TimeSpan Requested) : HookOutput
{
    /// <inheritdoc/>
    public override string Handler => "sleep";
}
