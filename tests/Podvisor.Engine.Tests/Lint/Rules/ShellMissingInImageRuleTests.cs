using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class ShellMissingInImageRuleTests
{
    private static string Pod(string image, string extra) => LintFixture.Pod($"""
        containers:
        - name: app
          image: {image}
        {extra}
        """);

    [Theory]
    [InlineData("  livenessProbe: {exec: {command: [sh, -c, 'test -e /tmp/ok']}}", "spec.containers[0].livenessProbe.exec.command[0]")]
    [InlineData("  readinessProbe: {exec: {command: [bash, -c, 'true']}}", "spec.containers[0].readinessProbe.exec.command[0]")]
    [InlineData("  lifecycle: {postStart: {exec: {command: [/bin/sh, -c, 'echo hi']}}}", "spec.containers[0].lifecycle.postStart.exec.command[0]")]
    [InlineData("  lifecycle: {preStop: {exec: {command: [sh, -c, 'sleep 1']}}}", "spec.containers[0].lifecycle.preStop.exec.command[0]")]
    public void ShellExecOnAnImageWithoutShell_Error(string extra, string field) =>
        Assert.Equal([(LintSeverity.Error, field)], LintFixture.Of("PV003", Pod(LintFixture.Distroless.Name, extra)));

    [Theory]
    [InlineData("gcr.io/distroless/static:nonroot", "  livenessProbe: {exec: {command: [/app/server, --check]}}")] // not a shell
    [InlineData("example.com/shell:1", "  livenessProbe: {exec: {command: [sh, -c, 'true']}}")] // the image has sh
    [InlineData("example.com/unknown:1", "  livenessProbe: {exec: {command: [sh, -c, 'true']}}")] // unknown image: nothing claimed
    [InlineData("gcr.io/distroless/static:nonroot", "  env: [{name: PATH, value: /usr/bin}]\n  livenessProbe: {exec: {command: [sh, -c, 'true']}}")] // the container's PATH wins
    public void ShellPresentOrNotKnowable_NoFinding(string image, string extra) =>
        Assert.Empty(LintFixture.Of("PV003", Pod(image, extra)));
}
