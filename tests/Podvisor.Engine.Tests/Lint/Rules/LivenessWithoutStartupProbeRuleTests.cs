using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class LivenessWithoutStartupProbeRuleTests
{
    private static string Pod(string probes) => LintFixture.Pod($"""
        containers:
        - name: app
          image: example.com/app:1
          ports: [{"{"}containerPort: 8080{"}"}]
        {probes}
        """);

    [Theory]
    // Liveness can restart at 0 + (3 - 1) × 10 = 20 s; readiness is not expected before 60 s.
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}, initialDelaySeconds: 60}")]
    // 5 + (2 - 1) × 5 = 10 s, exactly when readiness starts.
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 2}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}, initialDelaySeconds: 10}")]
    public void LivenessCanRestartBeforeReadinessDelay_Warning(string probes) =>
        Assert.Equal([(LintSeverity.Warning, "spec.containers[0].livenessProbe")], LintFixture.Of("PV005", Pod(probes)));

    [Theory]
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}, initialDelaySeconds: 70}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}, initialDelaySeconds: 60}")]
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}}")]
    [InlineData("  livenessProbe: {httpGet: {path: /livez, port: 8080}}")]
    [InlineData("  startupProbe: {httpGet: {path: /livez, port: 8080}, failureThreshold: 30}\n  livenessProbe: {httpGet: {path: /livez, port: 8080}}\n  readinessProbe: {httpGet: {path: /readyz, port: 8080}, initialDelaySeconds: 60}")]
    public void NoStatedStartTimeOrAStartupProbe_NoFinding(string probes) =>
        Assert.Empty(LintFixture.Of("PV005", Pod(probes)));
}
