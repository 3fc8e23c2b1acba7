using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint;

/// <summary>Decoding errors come first, as PV000 findings with their field path and line, never an exception.</summary>
public sealed class ManifestLinterTests
{
    [Fact]
    public void UnknownField_PV000WithItsPathAndLine()
    {
        var findings = LintFixture.Lint(LintFixture.Pod("""
            containers:
            - name: app
              image: example.com/app:1
              lifecyle: {}
            """));

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", LintSeverity.Error, "spec.containers[0].lifecyle", 9), (finding.Finding.RuleId, finding.Finding.Severity, finding.Finding.Field, finding.Line));
        Assert.Equal("strict decoding error: unknown field \"spec.containers[0].lifecyle\"", finding.Finding.Message);
    }

    [Fact]
    public void WrongType_PV000AtTheValue()
    {
        var findings = LintFixture.Lint(LintFixture.Pod("""
            terminationGracePeriodSeconds: soon
            containers:
            - name: app
              image: example.com/app:1
            """));

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", "spec.terminationGracePeriodSeconds", 6), (finding.Finding.RuleId, finding.Finding.Field, finding.Line));
    }

    [Fact]
    public void YamlSyntaxError_PV000WithLine()
    {
        var finding = Assert.Single(LintFixture.Lint("apiVersion: v1\nkind: Pod\nmetadata: {name: [\n"));

        Assert.Equal("PV000", finding.Finding.RuleId);
        Assert.NotNull(finding.Line);
    }

    [Fact]
    public void SecondDocumentAndListItem_LinesPointIntoTheirOwnDocument()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec:
              containers: [{name: app, image: example.com/app:1, command: [app]}]
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: two}
              spec:
                terminationGracePeriodSeconds: 3
                containers:
                - name: app
                  image: example.com/app:1
                  command: [app]
                  lifecycle:
                    preStop:
                      sleep: {seconds: 3}
            """;

        var finding = Assert.Single(LintFixture.Lint(yaml));

        Assert.Equal(("PV001", "two", 21), (finding.Finding.RuleId, finding.Pod, finding.Line));
    }

    [Fact]
    public void Deployment_IsLintedThroughItsPodTemplate_WithPathsUnderSpecTemplate()
    {
        var findings = LintFixture.Lint("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: web
                    image: example.com/web:1
                    lifecycle:
                      preStop: {sleep: {seconds: 5}}
            """);

        var finding = Assert.Single(findings);
        Assert.Equal(("PV001", "spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds", 14), (finding.Finding.RuleId, finding.Finding.Field, finding.Line));
    }

    [Fact]
    public void InvalidConfigMapBesideAPod_PV000WithTheApiServersPath()
    {
        var findings = LintFixture.Lint("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {"bad key": x}
            """);

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", LintSeverity.Error), (finding.Finding.RuleId, finding.Finding.Severity));
        Assert.StartsWith("data[bad key]", finding.Finding.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedKindAsAListItemInTheSecondDocument_PV000AtThatItem()
    {
        var findings = LintFixture.Lint("""
            apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec:
              containers: [{name: app, image: example.com/app:1, command: [app]}]
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: two}
              spec:
                containers: [{name: app, image: example.com/app:1, command: [app]}]
            - apiVersion: batch/v1
              kind: Job
              metadata: {name: three}
            """);

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", string.Empty, 15), (finding.Finding.RuleId, finding.Finding.Field, finding.Line));
        Assert.StartsWith("items[1]: kind \"Job\" is not supported", finding.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldInAListItem_PV000AtThatFieldsLine()
    {
        var findings = LintFixture.Lint("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: two}
              spec:
                containers:
                - name: app
                  image: example.com/app:1
                  imagePullPolcy: Always
            """);

        var finding = Assert.Single(findings);
        Assert.Equal(("PV000", "items[0].spec.containers[0].imagePullPolcy", 11), (finding.Finding.RuleId, finding.Finding.Field, finding.Line));
    }
}
