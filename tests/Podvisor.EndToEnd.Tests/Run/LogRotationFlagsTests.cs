using Podvisor.Cli.Run;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests.Run;

/// <summary><c>--container-log-max-size</c>/<c>--container-log-max-files</c>: the kubelet's rules, and rotation seen on disk.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class LogRotationFlagsTests(PodvisorExecutable podvisor)
{
    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData("10Mi", null, 10L * 1024 * 1024, 5, null)]
    [InlineData("2Ki", 2, 2048L, 2, null)]
    [InlineData("1M", 3, 1_000_000L, 3, null)]
    [InlineData("-1", null, -1L, 5, null)]
    [InlineData(null, 1, null, null, "invalid argument for \"--container-log-max-files\" flag: invalid MaxFiles 1, must be > 1")]
    [InlineData("ten", null, null, null, "invalid argument for \"--container-log-max-size\" flag: failed to parse container log max size \"ten\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1500m", null, null, null, "invalid argument for \"--container-log-max-size\" flag: failed to parse container log max size \"1500m\": invalid max log size")]
    public void Resolve_TheKubeletsRules(string? size, int? files, long? expectedBytes, int? expectedFiles, string? expectedError)
    {
        var policy = LogRotationFlags.Resolve(size, files, RuntimeKind.Process, out var error);

        Assert.Equal(expectedError, error);
        Assert.Equal(expectedBytes, policy?.MaxSizeBytes);
        Assert.Equal(expectedFiles, policy?.MaxFiles);
    }

    [Fact]
    public void Resolve_RefusesTheFlagsWithACriRuntime_RatherThanIgnoringThem()
    {
        Assert.Null(LogRotationFlags.Resolve("1Mi", null, RuntimeKind.Containerd, out var error));
        Assert.StartsWith("--container-log-max-size and --container-log-max-files configure the process runtime's rotation", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RotatesAContainersLog_AndKeepsAtMostMaxFiles()
    {
        const string manifest = """
            apiVersion: v1
            kind: Pod
            metadata: {name: chatty}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command:
                - sh
                - -c
                - |
                  burst() { i=0; while [ $i -lt 40 ]; do echo "burst $1 line $i ................................................................................"; i=$((i+1)); done; }
                  burst 1; sleep 1.2; burst 2; sleep 1.2; burst 3
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--container-log-max-size", "4Ki", "--container-log-max-files", "2"], manifest);

        Assert.Equal(0, await run.WaitForExitAsync());
        var live = Assert.Single(Directory.EnumerateFiles(run.StateDirectory, "0.log", SearchOption.AllDirectories));
        var files = Directory.EnumerateFiles(Path.GetDirectoryName(live)!).Select(Path.GetFileName).ToList();
        // Three bursts of about 6 KiB (with the CRI prefix), a second apart: a rotation in each second (the kubelet's names
        // have one-second resolution), and with two files at most, the oldest rotated file is deleted.
        Assert.True(files.Count == 2, $"expected the live file and one rotated file, got: {string.Join(", ", files)}");
        Assert.Contains(files, f => f!.StartsWith("0.log.", StringComparison.Ordinal));
        var kept = Directory.EnumerateFiles(Path.GetDirectoryName(live)!).Sum(f => new FileInfo(f).Length);
        Assert.True(kept < 16 * 1024, $"the two files hold {kept} bytes: the oldest rotation was not deleted");
        Assert.DoesNotContain("burst 1 line", await File.ReadAllTextAsync(live), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithMaxFilesOne_ExitsTwo_NamingTheFlag()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("lifecycle/pod.yaml"), "--container-log-max-files", "1"]);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("invalid argument for \"--container-log-max-files\" flag: invalid MaxFiles 1, must be > 1", run.Stderr, StringComparison.Ordinal);
    }
}
