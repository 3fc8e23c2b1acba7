using System.Globalization;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV008: an httpGet or tcpSocket hook or probe on a port number that no container of the pod declares. Declaring
/// ports is optional (the call still goes to the pod's IP), so this is a warning: an undeclared port is often a typo or a
/// port the app no longer listens on, and declared ports document what the hooks and probes rely on. A handler with
/// its own <c>host</c> talks to another machine and is not judged.
/// </summary>
internal sealed class UndeclaredPortRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV008", "port-not-declared", LintSeverity.Warning,
        "An httpGet or tcpSocket hook or probe uses a port number that no container of the pod declares.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var declared = context.Containers.SelectMany(c => c.Container.Ports ?? []).Select(p => p.ContainerPort).ToHashSet();
        foreach (var (site, port, field) in PortReferences.All(context))
        {
            if (!int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || declared.Contains(number))
            {
                continue;
            }

            yield return new LintFinding(
                Info.Id, LintSeverity.Warning, field,
                $"the {site.What} of container \"{site.Container.Container.Name}\" calls port {number}, which no container of the pod declares",
                $"declare it in {site.Container.Path}.ports (containerPort: {number}), or check that the app listens on {number}");
        }
    }
}
