namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What the host allows; injectable so the choice of launcher is testable without changing the host.</summary>
internal interface IIsolationProbe
{
    bool IsRoot { get; }

    /// <summary>The absolute path of <paramref name="name"/> on the setup PATH, or null when missing.</summary>
    string? FindTool(string name);

    /// <summary>Tries root's mode for real, as its starts do: a new mount namespace and a bind in it, made in-process.</summary>
    bool CanMountNamespace();

    /// <summary>Tries the unprivileged mode for real, through its <paramref name="tools"/>: a user namespace, a mount namespace and a bind.</summary>
    bool CanUserNamespace(IsolationTools tools);

    /// <summary>Whether this kernel's proc can be mounted for another PID namespace (the <c>pidns</c> option, Linux 6.18).</summary>
    bool ProcTakesPidNamespace();
}
