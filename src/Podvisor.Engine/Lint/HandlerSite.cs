using k8s.Models;

namespace Podvisor.Engine.Lint;

/// <summary>A hook or probe handler of a container, with its field path (<c>spec.containers[0].livenessProbe</c>).</summary>
/// <param name="What">How messages name it: <c>preStop hook</c>, <c>liveness probe</c>.</param>
internal sealed record HandlerSite(
    LintedContainer Container, string Path, string What, V1ExecAction? Exec, V1HTTPGetAction? HttpGet, V1TCPSocketAction? TcpSocket)
{
    /// <summary>Both hooks and the three probes of every container, in spec order.</summary>
    public static IEnumerable<HandlerSite> All(LintContext context)
    {
        foreach (var container in context.Containers)
        {
            var c = container.Container;
            if (c.Lifecycle?.PostStart is { } postStart)
            {
                yield return new(container, $"{container.Path}.lifecycle.postStart", "postStart hook", postStart.Exec, postStart.HttpGet, postStart.TcpSocket);
            }

            if (c.Lifecycle?.PreStop is { } preStop)
            {
                yield return new(container, $"{container.Path}.lifecycle.preStop", "preStop hook", preStop.Exec, preStop.HttpGet, preStop.TcpSocket);
            }

            foreach (var (probe, field, what) in new[]
            {
                (c.StartupProbe, "startupProbe", "startup probe"),
                (c.LivenessProbe, "livenessProbe", "liveness probe"),
                (c.ReadinessProbe, "readinessProbe", "readiness probe"),
            })
            {
                if (probe is not null)
                {
                    yield return new(container, $"{container.Path}.{field}", what, probe.Exec, probe.HttpGet, probe.TcpSocket);
                }
            }
        }
    }
}
