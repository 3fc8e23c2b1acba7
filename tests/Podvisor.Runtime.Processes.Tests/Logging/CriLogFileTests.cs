using System.Text.RegularExpressions;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests.Logging;

public sealed partial class CriLogFileTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    // xunit v2 calls IAsyncLifetime, not IAsyncDisposable, on test classes.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task LogFile_BothStreams_InCriFormat()
    {
        var container = await _h.ShAsync("echo out1; echo err1 >&2; echo out2; printf tail");

        await Harness.Within(container.Exited);
        await container.DisposeAsync();

        var lines = await File.ReadAllLinesAsync(_h.LogPath);
        Assert.All(lines, line => Assert.Matches(CriLine(), line));
        var bodies = lines.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToList();
        Assert.Equal(["stdout F out1", "stdout F out2", "stdout F tail"], bodies.Where(b => b.StartsWith("stdout", StringComparison.Ordinal)));
        Assert.Equal(["stderr F err1"], bodies.Where(b => b.StartsWith("stderr", StringComparison.Ordinal)));

        var seen = _h.Lines.Snapshot();
        Assert.Contains(seen, l => l is { Stream: LogStream.Stderr, Text: "err1", ContainerName: "c", PodName: "p" });
        Assert.Equal(["out1", "out2", "tail"], seen.Where(l => l.Stream == LogStream.Stdout).Select(l => l.Text));
    }

    [Fact]
    public async Task LogFile_LongLine_IsSplitIntoPartials()
    {
        var container = await _h.ShAsync("head -c 40000 /dev/zero | tr '\\0' a; echo");

        await Harness.Within(container.Exited);
        await container.DisposeAsync();

        var records = (await File.ReadAllLinesAsync(_h.LogPath)).Select(l => l.Split(' ', 4)).ToList();
        Assert.Equal(["P", "P", "F"], records.Select(r => r[2]));
        Assert.Equal([16384, 16384, 40000 - 32768], records.Select(r => r[3].Length));
    }

    [Fact]
    public async Task Exited_AllLinesWrittenBeforeExit_AreInTheFile()
    {
        var container = await _h.ShAsync("i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done");

        await Harness.Within(container.Exited);

        var lines = await File.ReadAllLinesAsync(_h.LogPath);
        Assert.Equal(3000, lines.Length);
        Assert.EndsWith("stdout F line 2999", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exited_DoesNotWaitForAnEscapedProcessHoldingStdout()
    {
        await using var harness = new Harness(new ProcessRuntimeOptions { OutputGraceAfterExit = TimeSpan.FromMinutes(5) });
        var escaped = 0;
        try
        {
            // setsid leaves the group, so the exit's group kill cannot reach it, and it keeps stdout open.
            // The main shell waits for the escapee to have left, or the exit's group kill could still catch it.
            var container = await harness.Runtime.StartAsync(
                harness.Launch(
                    ["sh", "-c", "setsid sh -c 'echo escaped $$; : > left; exec sleep 1000' & while [ ! -e left ]; do sleep 0.01; done; exit 4"],
                    workingDirectory: harness.Directory),
                CancellationToken.None);

            Assert.Equal(4, (await Harness.Within(container.Exited)).ExitCode);
            escaped = await harness.Lines.WaitForPidAsync("escaped");
        }
        finally
        {
            ProcessProbe.Kill(escaped);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) [FP] .*$")]
    private static partial Regex CriLine();
}
