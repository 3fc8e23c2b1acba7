namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Chooses the isolation: root gets a plain mount namespace; a non-root podvisor gets an unprivileged
/// user namespace when the kernel allows one; otherwise containers run unisolated and the user is
/// told once. An explicit preference that the host cannot honour also falls back to none, with the reason.
/// </summary>
internal static class IsolationPolicy
{
    /// <summary>What a container without a PID namespace does differently from a cluster (spec: runc signals PID 1 alone).</summary>
    internal const string NoPidNamespace =
        "no PID namespace: the stop signal goes to the container's whole process group instead of its PID 1 alone, so a PID 1 that ignores SIGTERM, or a wrapper shell that does not pass it on, stops gracefully here and would be SIGKILLed at the grace period on a cluster, and processes that leave the group can outlive their container";

    private const string Consequence =
        "containers share the host's /tmp, and containers with volumeMounts cannot start; " + NoPidNamespace;

    public static IsolationDecision Choose(IsolationPreference preference, IIsolationProbe probe)
    {
        if (preference == IsolationPreference.None)
        {
            return IsolationDecision.Off;
        }

        string? missing = null;
        string? Find(string name)
        {
            var path = probe.FindTool(name);
            missing ??= path is null ? name : null;
            return path;
        }

        var unshare = Find("unshare");
        var nsenter = Find("nsenter");
        var shell = Find("sh");
        var env = Find("env");
        _ = Find("mount");
        _ = Find("mkdir");
        if (missing is not null)
        {
            return Unisolated($"'{missing}' was not found in {IsolationTools.SetupPath} (install util-linux and coreutils)");
        }

        var tools = new IsolationTools(unshare!, nsenter!, shell!, env!);
        var wantsMount = preference is IsolationPreference.Auto or IsolationPreference.MountNamespace;
        if (wantsMount && probe.IsRoot && probe.CanIsolate(IsolationMode.MountNamespace, tools))
        {
            return new IsolationDecision(IsolationMode.MountNamespace, tools, null);
        }

        if (preference == IsolationPreference.MountNamespace)
        {
            return Unisolated(probe.IsRoot ? "this host does not allow a mount namespace" : "a mount namespace needs root");
        }

        if (probe.CanIsolate(IsolationMode.UserNamespace, tools))
        {
            // A PID namespace here would need unshare --fork, whose parent process stands between podvisor and the container's
            // PID 1 and does not pass signals on: so this mode says plainly what it lacks.
            var note = preference == IsolationPreference.UserNamespace
                ? $"podvisor: user-namespace isolation: {NoPidNamespace}"
                : $"podvisor: not running as root: each container gets its private /tmp and volumes in an unprivileged user namespace, where it runs as uid 0 (mapped to your uid); {NoPidNamespace}";
            return new IsolationDecision(IsolationMode.UserNamespace, tools, note);
        }

        return Unisolated(probe.IsRoot
            ? "this host allows neither a mount namespace nor a user namespace"
            : "podvisor is not root and this kernel does not allow unprivileged user namespaces");
    }

    private static IsolationDecision Unisolated(string reason) =>
        new(IsolationMode.None, null, $"podvisor: no filesystem isolation: {reason}; {Consequence}");
}
