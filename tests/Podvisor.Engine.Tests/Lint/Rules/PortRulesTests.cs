using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

/// <summary>PV007 (a named port that does not resolve) and PV008 (a port number no container declares).</summary>
public sealed class PortRulesTests
{
    private static string Pod(string handlers, string ports = "ports: [{name: http, containerPort: 8080}]") => LintFixture.Pod($"""
        containers:
        - name: app
          image: example.com/app:1
          command: [app]
          {ports}
        {handlers}
        - name: metrics
          image: example.com/app:1
          command: [exporter]
          ports: [{"{"}name: metrics, containerPort: 9090{"}"}]
        """);

    [Theory]
    [InlineData("  readinessProbe: {httpGet: {path: /, port: web}}", "spec.containers[0].readinessProbe.httpGet.port")]
    [InlineData("  lifecycle: {preStop: {httpGet: {path: /stop, port: admin}}}", "spec.containers[0].lifecycle.preStop.httpGet.port")]
    [InlineData("  livenessProbe: {tcpSocket: {port: metrics}}", "spec.containers[0].livenessProbe.tcpSocket.port")] // another container's name does not count
    public void NamedPortNotDeclaredByItsContainer_PV007Error(string handlers, string field) =>
        Assert.Equal([(LintSeverity.Error, field)], LintFixture.Of("PV007", Pod(handlers)));

    [Theory]
    [InlineData("  readinessProbe: {httpGet: {path: /, port: 8081}}", "spec.containers[0].readinessProbe.httpGet.port")]
    [InlineData("  lifecycle: {postStart: {httpGet: {path: /warm, port: 7000}}}", "spec.containers[0].lifecycle.postStart.httpGet.port")]
    [InlineData("  startupProbe: {tcpSocket: {port: 5432}}", "spec.containers[0].startupProbe.tcpSocket.port")]
    public void PortNumberNoContainerDeclares_PV008Warning(string handlers, string field) =>
        Assert.Equal([(LintSeverity.Warning, field)], LintFixture.Of("PV008", Pod(handlers)));

    [Theory]
    [InlineData("  readinessProbe: {httpGet: {path: /, port: http}}")]
    [InlineData("  readinessProbe: {httpGet: {path: /, port: 8080}}")]
    [InlineData("  readinessProbe: {httpGet: {path: /, port: 9090}}")] // declared by the pod's other container
    [InlineData("  lifecycle: {preStop: {httpGet: {host: example.com, path: /drain, port: 443}}}")] // another host
    [InlineData("  livenessProbe: {exec: {command: [check]}}")]
    public void PortDeclaredOrNotThePods_NoFinding(string handlers)
    {
        var findings = LintFixture.Lint(Pod(handlers));
        Assert.DoesNotContain(findings, f => f.Finding.RuleId is "PV007" or "PV008");
        Assert.DoesNotContain(findings, f => f.Finding.RuleId == "PV000");
    }
}
