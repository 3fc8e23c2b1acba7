using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class LivenessSameAsReadinessRuleTests
{
    private static string Pod(string probes) => LintFixture.Pod($"""
        containers:
        - name: app
          image: example.com/app:1
          ports: [{"{"}containerPort: 8080{"}"}]
        {probes}
        """);

    [Theory]
    [InlineData("  livenessProbe: {httpGet: {path: /health, port: 8080}}\n  readinessProbe: {httpGet: {path: /health, port: 8080}}")]
    [InlineData("  livenessProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 20}\n  readinessProbe: {httpGet: {path: /health, port: 8080, scheme: HTTP}, periodSeconds: 5}")]
    [InlineData("  livenessProbe: {exec: {command: [cat, /tmp/ok]}}\n  readinessProbe: {exec: {command: [cat, /tmp/ok]}}")]
    [InlineData("  livenessProbe: {tcpSocket: {port: 8080}}\n  readinessProbe: {tcpSocket: {port: 8080}}")]
    public void SameCheck_Warning(string probes) =>
        Assert.Equal([(LintSeverity.Warning, "spec.containers[0].livenessProbe")], LintFixture.Of("PV004", Pod(probes)));

    [Theory]
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}}")]
    [InlineData("  livenessProbe: {tcpSocket: {port: 8080}}\n  readinessProbe: {httpGet: {path: /, port: 8080}}")]
    [InlineData("  livenessProbe: {httpGet: {path: /health, port: 8080}}")]
    [InlineData("  readinessProbe: {httpGet: {path: /health, port: 8080}}")]
    public void DifferentChecksOrOnlyOne_NoFinding(string probes) =>
        Assert.Empty(LintFixture.Of("PV004", Pod(probes)));
}
