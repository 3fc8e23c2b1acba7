namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What <see cref="ProcessRuntimeOptions.Isolation"/> asks for.</summary>
internal enum IsolationPreference
{
    /// <summary>A mount namespace when root, else an unprivileged user namespace, else none (with a warning).</summary>
    Auto,

    MountNamespace,

    UserNamespace,

    None,
}
