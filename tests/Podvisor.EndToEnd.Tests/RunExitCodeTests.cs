using System.Text.Json;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// <c>podvisor run</c>'s exit codes, through the real executable: 0 every pod succeeded (or a clean stop),
/// 1 a pod failed, 2 invalid input and nothing started, 3 a stop that needed SIGKILL.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunExitCodeTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task JobSucceeds_RunsToCompletionByItself_ExitsZero()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("jobs/succeeds.yaml")]);

        Assert.Equal(0, await run.WaitForExitAsync());
        // The container's own output, prefixed docker-compose style.
        Assert.Contains("job-succeeds/work | done", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Succeeded", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobFails_PodFailed_ExitsOne()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("jobs/fails.yaml"), "-o", "json"]);

        Assert.Equal(1, await run.WaitForExitAsync());
        using var list = JsonDocument.Parse(run.Stdout);
        var pod = list.RootElement.GetProperty("items")[0];
        Assert.Equal("Failed", pod.GetProperty("status").GetProperty("phase").GetString());
        var terminated = pod.GetProperty("status").GetProperty("containerStatuses")[0].GetProperty("state").GetProperty("terminated");
        Assert.Equal(3, terminated.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task InvalidManifest_EveryErrorAsTheApiServerWordsIt_ExitsTwoAndStartsNothing()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("invalid/bad.yaml")]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(
            "The Pod \"bad\" is invalid: [spec.containers[0].image: Required value, spec.containers[1].name: Duplicate value: \"app\", "
            + "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.StateDirectory));
    }

    [Fact]
    public async Task UnknownField_RejectedByStrictDecoding_ExitsTwo()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifests.UnknownField);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("unknown field \"spec.containers[0].livenessProbe.periodSecond\"", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n---\n")]
    public async Task NoObjects_ExitsTwo(string manifest)
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("error: no objects passed to run", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.StateDirectory));
    }

    [Fact]
    public async Task DirectoryWithoutManifests_ExitsTwo()
    {
        var directory = Directory.CreateTempSubdirectory("podvisor-e2e-empty-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not a manifest");
            await using var run = PodvisorProcess.StartRun(podvisor, [directory.FullName]);

            Assert.Equal(2, await run.WaitForExitAsync());
            Assert.Contains("error: no objects passed to run", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DeeplyNestedBody_DepthErrorNotACrash_ExitsTwo()
    {
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], body);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("yaml: exceeded max depth of 10000", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Stderr.Length < 4096, run.Describe());
    }

    [Fact]
    public async Task DevZero_ReadWithACap_ExitsTwo()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["/dev/zero"]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("is larger than the 32 MiB a manifest may have", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"podvisor-e2e-missing-{Guid.NewGuid():N}.yaml");
        await using var run = PodvisorProcess.StartRun(podvisor, [missing]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_UnenforcedResources_ExitsTwo()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--strict"], Manifests.WithResources);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("spec.containers[0].resources.limits", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(run.StateDirectory));
    }

    [Fact]
    public async Task NotStrict_UnenforcedResources_WarnsLikeKubectlAndRuns()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], Manifests.WithResources);

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Contains(run.Stderr.Split('\n'), line => line.StartsWith("Warning: spec.containers[0].resources.limits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAfter_ContainerIgnoresSigterm_KilledAtDeadlineWith137_ExitsThree()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("grace/ignores-sigterm.yaml"), "--stop-after", "1s", "-o", "json"]);

        Assert.Equal(3, await run.WaitForExitAsync());
        using var list = JsonDocument.Parse(run.Stdout);
        var status = list.RootElement.GetProperty("items")[0].GetProperty("status").GetProperty("containerStatuses")[0];
        Assert.Equal(137, status.GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());
        Assert.Contains("KillSent", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAfter_Pid1Trap_SleepAndAWrapperShell_BothKilledAtDeadlineWith137_AppNeverDrains()
    {
        // Needs root (a PID namespace per container), as CI runs it: without one the group would get SIGTERM and drain.
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("grace/pid1-trap.yaml"), "--stop-after", "2s", "-o", "json"]);

        Assert.Equal(3, await run.WaitForExitAsync());
        using var list = JsonDocument.Parse(run.Stdout);
        var statuses = list.RootElement.GetProperty("items")[0].GetProperty("status").GetProperty("containerStatuses").EnumerateArray().ToList();
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(137, s.GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32()));
        Assert.Contains("app: serving", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("app: draining", run.Stderr, StringComparison.Ordinal);
    }
}
