namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Chooses the launcher: root gets a mount namespace (and a PID namespace per container where the kernel's proc can
/// follow one), set up in-process, so it needs only a shell (for a pod's pause process); a non-root podvisor gets an
/// unprivileged user namespace when the kernel allows one, through util-linux and coreutils programs; otherwise
/// containers run unisolated and the user is told once. An explicit preference that the host cannot honour also falls
/// back to none, with the reason.
/// </summary>
internal static class IsolationPolicy
{
    /// <summary>What a container without a PID namespace does differently from a cluster (runc signals PID 1 alone).</summary>
    internal const string NoPidNamespace =
        "no PID namespace: the stop signal goes to the container's whole process group instead of its PID 1 alone, so a PID 1 that ignores SIGTERM, or a wrapper shell that does not pass it on, stops gracefully here and would be SIGKILLed at the grace period on a cluster, and processes that leave the group can outlive their container";

    /// <summary>Root's mode on a kernel whose proc cannot be mounted for a container's PID namespace.</summary>
    internal const string NoProcPidNamespace = "podvisor: this kernel's proc has no pidns option (Linux 6.18): " + NoPidNamespace;

    private const string Consequence =
        "containers share the host's /tmp, and containers with volumeMounts cannot start; " + NoPidNamespace;

    public static IsolationDecision Choose(IsolationPreference preference, IIsolationProbe probe)
    {
        if (preference == IsolationPreference.None)
        {
            return IsolationDecision.Off;
        }

        var wantsMount = preference is IsolationPreference.Auto or IsolationPreference.MountNamespace;
        if (wantsMount && probe.IsRoot)
        {
            var shell = probe.FindTool("sh");
            if (shell is not null && probe.CanMountNamespace())
            {
                // Without the proc option a container's /proc would show the host: no PID namespace rather than a wrong view.
                var pidNamespaces = probe.ProcTakesPidNamespace();
                return new IsolationDecision(IsolationMode.MountNamespace, pidNamespaces ? null : NoProcPidNamespace)
                {
                    Shell = shell,
                    PidNamespaces = pidNamespaces,
                };
            }

            if (preference == IsolationPreference.MountNamespace)
            {
                return Unisolated(shell is null ? NotFound("sh") : "this host does not allow a mount namespace");
            }
        }
        else if (preference == IsolationPreference.MountNamespace)
        {
            return Unisolated("a mount namespace needs root");
        }

        // The setup script also runs mount and mkdir, found on the same PATH.
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (string[])["unshare", "nsenter", "sh", "env", "mount", "mkdir"])
        {
            if (probe.FindTool(name) is not { } path)
            {
                return Unisolated(NotFound(name));
            }

            found[name] = path;
        }

        var tools = new IsolationTools(found["unshare"], found["nsenter"], found["sh"], found["env"]);
        if (probe.CanUserNamespace(tools))
        {
            // A PID namespace here would need unshare --fork, whose parent process stands between podvisor and the container's
            // PID 1 and does not pass signals on: so this mode says plainly what it lacks.
            var note = preference == IsolationPreference.UserNamespace
                ? $"podvisor: user-namespace isolation: {NoPidNamespace}"
                : $"podvisor: not running as root: each container gets its private /tmp and volumes in an unprivileged user namespace, where it runs as uid 0 (mapped to your uid); {NoPidNamespace}";
            return new IsolationDecision(IsolationMode.UserNamespace, note) { Tools = tools };
        }

        return Unisolated(probe.IsRoot
            ? "this host allows neither a mount namespace nor a user namespace"
            : "podvisor is not root and this kernel does not allow unprivileged user namespaces");
    }

    private static string NotFound(string tool) => $"'{tool}' was not found in {IsolationTools.SetupPath} (install util-linux and coreutils)";

    private static IsolationDecision Unisolated(string reason) =>
        new(IsolationMode.None, $"podvisor: no filesystem isolation: {reason}; {Consequence}");
}
