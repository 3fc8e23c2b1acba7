namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// How the grace period is spent. The kubelet's clock starts when it begins stopping the container, so
/// both orders must fit: a preStop call (which waits <see cref="DrainDelay"/>) followed by a host stop of
/// at most <see cref="HostShutdownTimeout"/>, and a plain SIGTERM whose host stop spends the drain delay
/// inside that same timeout. Hence <c>HostShutdownTimeout = GracePeriod - ExitMargin - DrainDelay</c>,
/// with the drain delay capped at half of <c>GracePeriod - ExitMargin</c> so the server always keeps time
/// to finish requests.
/// </summary>
/// <param name="GracePeriod">The pod's termination grace period.</param>
/// <param name="DrainDelay">The effective drain delay.</param>
/// <param name="HostShutdownTimeout">What <c>HostOptions.ShutdownTimeout</c> may be at most.</param>
/// <param name="ExitMargin">Kept back for the process to exit after the host stopped.</param>
public sealed record ShutdownPlan(TimeSpan GracePeriod, TimeSpan DrainDelay, TimeSpan HostShutdownTimeout, TimeSpan ExitMargin)
{
    /// <summary>Computes the plan; negative option values count as zero.</summary>
    public static ShutdownPlan From(KubernetesLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var grace = NonNegative(options.GracePeriod);
        var margin = Min(NonNegative(options.ExitMargin), grace);
        var usable = grace - margin;
        var drain = Min(NonNegative(options.DrainDelay), usable / 2);
        return new ShutdownPlan(grace, drain, usable - drain, margin);
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
