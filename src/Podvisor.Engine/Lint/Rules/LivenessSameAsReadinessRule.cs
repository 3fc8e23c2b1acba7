using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV004: a liveness probe that checks exactly what the readiness probe checks. Readiness failing is meant to take
/// the pod out of service while it recovers (an overloaded app, a dependency down); with the same check, liveness
/// fails with it and restarts the container instead, often all replicas at once. Kubernetes' probe guidance
/// ("Configure Liveness, Readiness and Startup Probes") asks for a liveness check of the process's own health.
/// Compared: the handler (exec command, httpGet host/scheme/port/path/headers, tcpSocket, grpc) after defaults.
/// </summary>
internal sealed class LivenessSameAsReadinessRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV004", "liveness-same-as-readiness", LintSeverity.Warning,
        "The liveness probe checks the same thing as the readiness probe: a container that is only unready gets restarted.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var container in context.Containers)
        {
            var (liveness, readiness) = (container.Container.LivenessProbe, container.Container.ReadinessProbe);
            if (liveness is null || readiness is null || HandlerKey(liveness) != HandlerKey(readiness))
            {
                continue;
            }

            yield return new LintFinding(
                Info.Id, LintSeverity.Warning, $"{container.Path}.livenessProbe",
                $"the liveness probe of container \"{container.Container.Name}\" checks the same {Kind(liveness)} as its readiness probe: "
                + "whenever the container is unready (overloaded, a dependency down) liveness fails too and the kubelet restarts it",
                "make liveness check only that the process itself works (a cheap endpoint that does not call dependencies), or drop it and keep readiness");
        }
    }

    private static string Kind(V1Probe probe) =>
        probe.Exec is not null ? "exec command" : probe.HttpGet is not null ? "HTTP endpoint" : probe.TcpSocket is not null ? "TCP port" : "gRPC service";

    private static string HandlerKey(V1Probe probe) =>
        ModelSerializer.Serialize(new V1Probe { Exec = probe.Exec, HttpGet = probe.HttpGet, TcpSocket = probe.TcpSocket, Grpc = probe.Grpc });
}
