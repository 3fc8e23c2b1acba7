using System.Text.RegularExpressions;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>ConfigMaps and Secrets beside the pod in <c>podvisor run</c>'s manifests.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunConfigTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task ConfigExample_EnvFromConfigMapAndSecret_FilesFromVolumes()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("config/app.yaml")]);

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Equal(
            [
                "GREETING=hello from a ConfigMap DB_USER=admin",
                "settings: app.properties",
                "color=blue",
                "retries=3",
                "password file: s3cr3t",
                "my labels: app=\"config-demo\"",
            ],
            LogLines(run, "config-demo/app"));
        Assert.DoesNotContain("Warning:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecret_ContainerWaitsInCreateContainerConfigError()
    {
        const string Manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: nosecret}
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, "echo started"]
                env:
                - name: TOKEN
                  valueFrom: {secretKeyRef: {name: absent, key: token}}
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--stop-after", "3s"], Manifest);

        await run.WaitForExitAsync();
        Assert.Contains("event Warning Failed: Error: secret \"absent\" not found", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\| nosecret\s+\|.*\| app\s+\| CreateContainerConfigError", run.Stdout + run.Stderr);
        Assert.Empty(LogLines(run, "nosecret/app"));
    }

    private static List<string> LogLines(PodvisorProcess run, string prefix) =>
        run.Stderr.Split('\n')
            .Select(line => Regex.Match(line, $@"\s{Regex.Escape(prefix)}\s+\| (.*)$"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
}
