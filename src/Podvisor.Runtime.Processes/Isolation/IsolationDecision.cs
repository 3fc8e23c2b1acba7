namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>The isolation a runtime uses, chosen once at start.</summary>
/// <param name="Tools">Set whenever <see cref="Mode"/> is not <see cref="IsolationMode.None"/>.</param>
/// <param name="Warning">One line for the user when the choice is not the full isolation of a root podvisor; null otherwise.</param>
internal sealed record IsolationDecision(IsolationMode Mode, IsolationTools? Tools, string? Warning)
{
    /// <summary>Isolation turned off on purpose (<c>PODVISOR_ISOLATION=none</c>): still told once what that changes for signals.</summary>
    public static readonly IsolationDecision Off = new(IsolationMode.None, null, OffWarning);

    private const string OffWarning = "podvisor: isolation none: " + IsolationPolicy.NoPidNamespace;

    /// <summary>Why volumes cannot be mounted in this mode, for the StartError of a container that has some.</summary>
    public string NoMountsReason => Warning is null or OffWarning ? "filesystem isolation is disabled" : Warning;
}
