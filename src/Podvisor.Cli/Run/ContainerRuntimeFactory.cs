using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri;
using Podvisor.Runtime.Cri.Containerd;
using Podvisor.Runtime.Processes;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Logging;

namespace Podvisor.Cli.Run;

/// <summary>Creates the container runtime a run uses.</summary>
internal static class ContainerRuntimeFactory
{
    /// <summary>Overrides the isolation choice: <c>auto</c> (default), <c>mount</c>, <c>user</c> or <c>none</c>.</summary>
    public const string IsolationVariable = "PODVISOR_ISOLATION";

    /// <summary><c>engine</c> sends the grace period's SIGKILL from the engine's thread-pool timer instead of the runtime's kill thread.</summary>
    public const string KillTimerVariable = "PODVISOR_KILL_TIMER";

    /// <summary>
    /// The selected runtime, owned by the caller (who disposes it). For containerd without an endpoint, podvisor starts
    /// its own under <paramref name="containerdDirectory"/>; a missing containerd is a one-line error saying how to
    /// install it.
    /// </summary>
    /// <param name="warn">Gets each thing the user must know once: a bad <c>PODVISOR_ISOLATION</c>, the runtime's
    /// <see cref="IContainerRuntime.HostWarning"/>.</param>
    public static async Task<IContainerRuntime> CreateAsync(RuntimeSelection selection, string containerdDirectory, TimeProvider time, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warn);
        IContainerRuntime runtime = selection.Kind == RuntimeKind.Process
            ? Create(time, warn, selection.LogRotation)
            : selection.Endpoint is { } endpoint
                ? await CriContainerRuntime.ConnectAsync(endpoint, time, cancellationToken).ConfigureAwait(false)
                : await CriContainerRuntime.StartContainerdAsync(new ContainerdOptions { Directory = containerdDirectory, Mirrors = selection.Mirrors }, time, cancellationToken).ConfigureAwait(false);
        if (runtime.HostWarning is { } hostWarning)
        {
            warn(hostWarning);
        }

        return runtime;
    }

    private static ProcessContainerRuntime Create(TimeProvider time, Action<string> warn, LogRotationPolicy? logRotation)
    {
        var requested = Environment.GetEnvironmentVariable(IsolationVariable);
        var preference = Parse(requested);
        var runtime = new ProcessContainerRuntime(time, new ProcessRuntimeOptions
        {
            Isolation = preference ?? IsolationPreference.Auto,
            LogRotation = logRotation ?? LogRotationPolicy.Default,
            PreciseKill = !string.Equals(Environment.GetEnvironmentVariable(KillTimerVariable), "engine", StringComparison.OrdinalIgnoreCase),
        });
        if (preference is null)
        {
            warn($"podvisor: {IsolationVariable}={requested} is not one of auto, mount, user, none; using auto");
        }

        return runtime;
    }

    private static IsolationPreference? Parse(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "auto" => IsolationPreference.Auto,
        "mount" => IsolationPreference.MountNamespace,
        "user" => IsolationPreference.UserNamespace,
        "none" => IsolationPreference.None,
        _ => null,
    };
}
