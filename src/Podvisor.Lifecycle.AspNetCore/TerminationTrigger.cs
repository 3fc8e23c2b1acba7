namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>What began the app's termination.</summary>
public enum TerminationTrigger
{
    /// <summary>
    /// The host began stopping: SIGTERM from the kubelet (the console lifetime turns it into
    /// <c>StopApplication</c>), Ctrl-C, or the app's own <c>StopApplication</c> call.
    /// </summary>
    HostStopping,

    /// <summary>The preStop endpoint was called: the kubelet is about to send SIGTERM.</summary>
    PreStop,
}
