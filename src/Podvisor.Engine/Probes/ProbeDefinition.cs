using k8s.Models;

namespace Podvisor.Engine.Probes;

/// <summary>A container's probe, defaulted and non-null (kubelet reads <c>v1.Probe</c> after API defaulting).</summary>
/// <param name="TerminationGracePeriodSeconds">The probe-level override of the pod's grace period for a kill this probe causes.</param>
internal sealed record ProbeDefinition(
    ProbeKind Kind,
    ProbeHandler Handler,
    TimeSpan InitialDelay,
    TimeSpan Period,
    TimeSpan Timeout,
    int SuccessThreshold,
    int FailureThreshold,
    long? TerminationGracePeriodSeconds)
{
    /// <summary>Applies the API defaults again for unset (zero) fields, so pods built without admission behave alike.</summary>
    public static ProbeDefinition? From(ProbeKind kind, V1Probe? probe) => probe is null
        ? null
        : new ProbeDefinition(
            kind,
            ProbeHandler.From(probe),
            TimeSpan.FromSeconds(Math.Max(probe.InitialDelaySeconds ?? 0, 0)),
            TimeSpan.FromSeconds(probe.PeriodSeconds is null or <= 0 ? 10 : probe.PeriodSeconds.Value),
            TimeSpan.FromSeconds(probe.TimeoutSeconds is null or <= 0 ? 1 : probe.TimeoutSeconds.Value),
            probe.SuccessThreshold is null or <= 0 ? 1 : probe.SuccessThreshold.Value,
            probe.FailureThreshold is null or <= 0 ? 3 : probe.FailureThreshold.Value,
            probe.TerminationGracePeriodSeconds);
}
