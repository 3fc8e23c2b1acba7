using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class PostStartAwaitedButMissingRuleTests
{
    private static string Pod(string env, string lifecycle = "") => LintFixture.Pod($"""
        containers:
        - name: app
          image: example.com/app:1
          command: [app]
          env:
          - {env}
        {lifecycle}
        """);

    [Theory]
    [InlineData("{name: WAIT_FOR_POST_START, value: \"true\"}")]
    [InlineData("{name: AWAIT_POSTSTART, value: \"1\"}")]
    [InlineData("{name: wait_for_post_start, value: \"YES\"}")]
    public void SwitchOnWithoutHook_Warning(string env) =>
        Assert.Equal([(LintSeverity.Warning, "spec.containers[0].env[0]")], LintFixture.Of("PV006", Pod(env)));

    [Theory]
    [InlineData("{name: WAIT_FOR_POST_START, value: \"false\"}", "")]
    [InlineData("{name: WAIT_FOR_POST_START, value: \"true\"}", "  lifecycle: {postStart: {exec: {command: [touch, /tmp/done]}}}")]
    [InlineData("{name: WAIT_FOR_DB, value: \"true\"}", "")]
    [InlineData("{name: WAIT_FOR_POST_START, valueFrom: {fieldRef: {fieldPath: metadata.name}}}", "")]
    public void SwitchOffOrHookPresentOrOtherName_NoFinding(string env, string lifecycle) =>
        Assert.Empty(LintFixture.Of("PV006", Pod(env, lifecycle)));
}
