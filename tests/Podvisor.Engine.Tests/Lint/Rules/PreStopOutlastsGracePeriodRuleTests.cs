using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class PreStopOutlastsGracePeriodRuleTests
{
    private static string Pod(string grace, string preStop) => LintFixture.Pod($"""
        {grace}
        containers:
        - name: app
          image: example.com/app:1
          command: [app]
          lifecycle:
            preStop:
              {preStop}
        """);

    [Theory]
    [InlineData("terminationGracePeriodSeconds: 10", "sleep: {seconds: 10}", "spec.containers[0].lifecycle.preStop.sleep.seconds")]
    [InlineData("", "exec: {command: [sleep, \"30\"]}", "spec.containers[0].lifecycle.preStop.exec.command")]
    [InlineData("terminationGracePeriodSeconds: 20", "exec: {command: [/bin/sh, -c, 'echo draining; sleep 15; curl -s localhost/stop; sleep 5']}", "spec.containers[0].lifecycle.preStop.exec.command")]
    [InlineData("terminationGracePeriodSeconds: 5", "exec: {command: [sh, -c, 'sleep infinity']}", "spec.containers[0].lifecycle.preStop.exec.command")]
    [InlineData("terminationGracePeriodSeconds: 60", "exec: {command: [sleep, 1m]}", "spec.containers[0].lifecycle.preStop.exec.command")]
    public void PreStopSleepsTheGracePeriodOrMore_Error(string grace, string preStop, string field) =>
        Assert.Equal([(LintSeverity.Error, field)], LintFixture.Of("PV001", Pod(grace, preStop)));

    [Theory]
    [InlineData("terminationGracePeriodSeconds: 10", "sleep: {seconds: 9}")]
    [InlineData("", "exec: {command: [sleep, \"29\"]}")]
    [InlineData("terminationGracePeriodSeconds: 20", "exec: {command: [sh, -c, 'sleep 100 & echo started']}")]
    [InlineData("terminationGracePeriodSeconds: 20", "exec: {command: [sh, -c, 'while true; do sleep 30; done']}")]
    [InlineData("terminationGracePeriodSeconds: 20", "exec: {command: [sh, -c, 'sleep $DELAY']}")]
    [InlineData("terminationGracePeriodSeconds: 5", "httpGet: {path: /shutdown, port: 8080}")]
    public void PreStopWithinTheGracePeriodOrNotKnowable_NoFinding(string grace, string preStop) =>
        Assert.Empty(LintFixture.Of("PV001", Pod(grace, preStop)));

    [Fact]
    public void SleepLongerThanGrace_IsAValidationError_NotARuleFinding()
    {
        var findings = LintFixture.Lint(Pod("terminationGracePeriodSeconds: 10", "sleep: {seconds: 11}"));

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", "spec.containers[0].lifecycle.preStop.sleep"), (finding.Finding.RuleId, finding.Finding.Field));
    }
}
