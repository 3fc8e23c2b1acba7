using System.Globalization;
using k8s.Models;
using Podvisor.Engine.Hooks;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV007: an httpGet or tcpSocket hook or probe names a port (<c>port: http</c>) that its own container does not
/// declare. The kubelet resolves a named port in the container's <c>ports</c> only (pkg/kubelet/lifecycle/handlers.go
/// <c>resolvePort</c>; pkg/probe/util.go <c>ResolveContainerPort</c>): every call then fails (<c>couldn't find port</c>), which
/// validation does not catch (it checks the name's syntax only).
/// </summary>
internal sealed class UnresolvedNamedPortRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV007", "named-port-not-declared", LintSeverity.Error,
        "An httpGet or tcpSocket hook or probe names a port its container does not declare: every call fails.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var (site, port, field) in PortReferences.All(context))
        {
            if (int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || NamedPorts.TryResolve(port, site.Container.Container, out _, out var error))
            {
                continue;
            }

            yield return new LintFinding(
                Info.Id, LintSeverity.Error, field,
                $"the {site.What} of container \"{site.Container.Container.Name}\" uses port \"{port.Value}\", which the container does not declare: every call fails ({error})",
                $"declare it in {site.Container.Path}.ports (name: {port.Value}, containerPort: N), or use the port number");
        }
    }
}
