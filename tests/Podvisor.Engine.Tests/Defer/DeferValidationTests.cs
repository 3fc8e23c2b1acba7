using Podvisor.Engine.Tests.Admission;

namespace Podvisor.Engine.Tests.Defer;

/// <summary>The <c>podvisor.io/defer-containers</c> annotation: decoded strictly, validated like init containers.</summary>
public sealed class DeferValidationTests
{
    private const string Prefix = "metadata.annotations[podvisor.io/defer-containers]";

    private static string Pod(string deferContainers, string appName = "app") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            podvisor.io/defer-containers: |
        {Indent(deferContainers, 6)}
        spec:
          containers:
          - name: {appName}
            image: nginx:1.25
        """;

    [Fact]
    public void ValidDeferContainers_YamlOrJson_Admitted()
    {
        var result = AdmissionFixture.Admit(Pod("- {name: flush, image: busybox, command: [sync]}\n- name: deregister\n  image: busybox"));
        Assert.True(result.Errors.Count == 0, string.Join('\n', result.Errors));
        Assert.Empty(AdmissionFixture.Admit(Pod("[{\"name\": \"flush\", \"image\": \"busybox\"}]")).Errors);
    }

    public static TheoryData<string, string> SingleErrors => new()
    {
        { "- {name: flush, image: busybox, comand: [sync]}", $"{Prefix}[0].comand: Forbidden: unknown field" },
        { "- {name: flush}", $"{Prefix}[0].image: Required value" },
        { "- {image: busybox}", $"{Prefix}[0].name: Required value" },
        { "- {name: Flush, image: busybox}", $"{Prefix}[0].name: Invalid value: \"Flush\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
        { "- {name: app, image: busybox}", $"{Prefix}[0].name: Duplicate value: \"app\"" },
        { "- {name: a, image: busybox}\n- {name: a, image: busybox}", $"{Prefix}[1].name: Duplicate value: \"a\"" },
        { "- {name: a, image: busybox, restartPolicy: Always}", $"{Prefix}[0].restartPolicy: Forbidden: may not be set for defer containers" },
        { "- name: a\n  image: busybox\n  lifecycle:\n    preStop: {sleep: {seconds: 1}}", $"{Prefix}[0].lifecycle: Forbidden: may not be set for defer containers" },
        { "- name: a\n  image: busybox\n  readinessProbe:\n    exec: {command: [x]}", $"{Prefix}[0].readinessProbe: Forbidden: may not be set for defer containers" },
        { "- {name: a, image: busybox, imagePullPolicy: Sometimes}", $"{Prefix}[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
        { "{name: a, image: busybox}", $"{Prefix}: Invalid value: \"{{name: a, image: busybox}}\\n\": must be a list of containers" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void InvalidDeferContainer_ReportedWithItsPseudoPath(string deferContainers, string expected)
    {
        var result = AdmissionFixture.Admit(Pod(deferContainers));

        Assert.Equal($"The Pod \"web\" is invalid: {expected}", Assert.Single(result.Errors));
        Assert.Empty(result.Pods);
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));
}
