using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>The sample as a real process under podvisor, where the test server cannot follow it: its exit code.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RandomGeneratorProcessTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task MalformedSetting_OneLineNamingIt_ExitCodeOne_PodFailed()
    {
        const string manifest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: bad-setting
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: k8spatterns/random-generator:1.0
                env:
                - name: DELAY_STARTUP
                  value: soon
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);

        Assert.Equal(1, await run.WaitForExitAsync());

        var lines = run.Stderr.Split('\n');
        Assert.Contains(lines, line => line.Contains("bad-setting/app | ", StringComparison.Ordinal)
            && line.EndsWith("Invalid configuration: DELAY_STARTUP: Invalid value: \"soon\": must be a whole number between 0 and 2147483647", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("bad-setting/app > ContainerExited exit code 1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
