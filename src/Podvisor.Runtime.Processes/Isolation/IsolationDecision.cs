namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>The isolation a runtime uses, chosen once at start by <see cref="IsolationPolicy"/>; it creates the launcher.</summary>
/// <param name="Warning">One line for the user when the choice is not the full isolation of a root podvisor; null otherwise.</param>
internal sealed record IsolationDecision(IsolationMode Mode, string? Warning)
{
    /// <summary>Isolation turned off on purpose (<c>PODVISOR_ISOLATION=none</c>): still told once what that changes for signals.</summary>
    public static readonly IsolationDecision Off = new(IsolationMode.None, OffWarning);

    private const string OffWarning = "podvisor: isolation none: " + IsolationPolicy.NoPidNamespace;

    /// <summary>Root's mode: the shell of a pod's pause process.</summary>
    public string? Shell { get; init; }

    /// <summary>Root's mode: whether containers get PID namespaces.</summary>
    public bool PidNamespaces { get; init; }

    /// <summary>The user-namespace mode's programs.</summary>
    public IsolationTools? Tools { get; init; }

    /// <summary>Why volumes cannot be mounted in this mode, for the StartError of a container that has some.</summary>
    public string NoMountsReason => Warning is null or OffWarning ? "filesystem isolation is disabled" : Warning;

    /// <summary>The one launcher of this mode, which the runtime owns and disposes.</summary>
    public IContainerLauncher CreateLauncher() => (Mode, Shell, Tools) switch
    {
        (IsolationMode.MountNamespace, { } shell, _) => new MountNamespaceLauncher(shell, PidNamespaces),
        (IsolationMode.UserNamespace, _, { } tools) => new UserNamespaceLauncher(tools),
        (IsolationMode.None, _, _) => new UnisolatedLauncher(NoMountsReason),
        _ => throw new InvalidOperationException($"an isolation decision for {Mode} without the programs it runs"),
    };
}
