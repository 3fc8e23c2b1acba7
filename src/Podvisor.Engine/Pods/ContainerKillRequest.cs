using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Pods;

/// <summary>
/// One container to kill outside the pod's termination (a failed probe, a changed spec): the <c>Killing</c> message,
/// the grace period it gets, and how its record remembers which instance was killed and why.
/// </summary>
internal sealed record ContainerKillRequest(
    ContainerDefinition Container,
    string Message,
    long GracePeriodSeconds,
    Func<ContainerRecord, string, ContainerRecord> Mark);
