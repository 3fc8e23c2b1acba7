using Microsoft.Extensions.Logging;

namespace Podvisor.Lifecycle.AspNetCore;

internal static partial class LifecycleLog
{
    [LoggerMessage(1, LogLevel.Information,
        "Termination began ({Trigger}): readiness is now false; draining for {DrainSeconds}s before the server stops (grace period {GraceSeconds}s, host shutdown timeout {ShutdownSeconds}s)")]
    public static partial void TerminationBegan(ILogger logger, TerminationTrigger trigger, double drainSeconds, double graceSeconds, double shutdownSeconds);

    [LoggerMessage(2, LogLevel.Information, "Drain of {DrainSeconds}s complete")]
    public static partial void DrainCompleted(ILogger logger, double drainSeconds);

    [LoggerMessage(3, LogLevel.Warning,
        "HostOptions.ShutdownTimeout is {ShutdownSeconds}s but the pod's grace period of {GraceSeconds}s leaves the host {AllowedSeconds}s "
        + "(after a {DrainSeconds}s drain and a {MarginSeconds}s exit margin): the kubelet may SIGKILL the app before it has stopped")]
    public static partial void ShutdownTimeoutExceedsGracePeriod(ILogger logger, double shutdownSeconds, double graceSeconds, double allowedSeconds, double drainSeconds, double marginSeconds);

    [LoggerMessage(4, LogLevel.Information, "preStop hook called: draining before SIGTERM")]
    public static partial void PreStopCalled(ILogger logger);
}
