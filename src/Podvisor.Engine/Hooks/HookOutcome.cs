namespace Podvisor.Engine.Hooks;

/// <summary>
/// The typed payload of a hook's closing timeline step (<c>PostStartSucceeded</c>, <c>PostStartFailed</c>,
/// <c>PreStopSucceeded</c>, <c>PreStopFailed</c>): what the handler returned and how long the hook took.
/// </summary>
/// <param name="Output">Null when the handler never ran (an unsupported handler) or gave nothing to record.</param>
/// <param name="Duration">From the hook's start step to this one, as the timeline stamps them.</param>
public sealed record HookOutcome(HookOutput? Output, TimeSpan Duration);
