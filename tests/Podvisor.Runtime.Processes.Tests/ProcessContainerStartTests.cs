using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

public sealed class ProcessContainerStartTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    // xunit v2 calls IAsyncLifetime, not IAsyncDisposable, on test classes.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Start_Environment_IsExactlyTheGivenOneLaterEntriesWin()
    {
        var launch = _h.Launch(["/usr/bin/env"], [new("A", "1"), new("B", "two words"), new("A", "3")]);

        var container = await _h.Runtime.StartAsync(launch, CancellationToken.None);
        await Harness.Within(container.Exited);

        Assert.Equal(["A=3", "B=two words"], _h.Lines.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public async Task Start_WorkingDirectory_IsHonoured()
    {
        var container = await _h.Runtime.StartAsync(_h.Launch(["pwd"], workingDirectory: _h.Directory), CancellationToken.None);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal(_h.Directory, Assert.Single(_h.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task Start_MissingBinary_ThrowsLikeTheRuntime()
    {
        var error = await Assert.ThrowsAsync<ContainerStartException>(() => _h.StartAsync("no-such-binary-xyz"));

        Assert.Contains("exec: \"no-such-binary-xyz\": executable file not found in $PATH", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("failed to create containerd task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingWorkingDirectory_ThrowsNamingIt()
    {
        var missing = Path.Combine(_h.Directory, "nope");

        var error = await Assert.ThrowsAsync<ContainerStartException>(
            () => _h.Runtime.StartAsync(_h.Launch(["true"], workingDirectory: missing), CancellationToken.None));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Stdin_IsAtEndOfFile()
    {
        var container = await _h.StartAsync("cat");

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
    }

    [Fact]
    public async Task Start_InheritsOnlyStandardDescriptors()
    {
        var container = await _h.ShAsync("ls /proc/$$/fd");

        await Harness.Within(container.Exited);

        Assert.Equal(["0", "1", "2"], _h.Lines.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public async Task Start_SignalsDefaultAndUnblocked_InOwnSession()
    {
        var container = await _h.ShAsync("grep -E '^(SigBlk|SigIgn)' /proc/self/status; cut -d' ' -f5,6 /proc/$$/stat; echo $$");

        await Harness.Within(container.Exited);

        var lines = _h.Lines.Snapshot().Select(l => l.Text).ToList();
        Assert.Contains("SigBlk:\t0000000000000000", lines);
        Assert.Contains("SigIgn:\t0000000000000000", lines);
        // Process group and session are the process itself, in the numbering of its own PID namespace (PID 1).
        var ids = lines[^2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
        Assert.All(ids, id => Assert.Equal(int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture), id));
    }

    [Fact]
    public async Task Start_Times_ComeFromTheTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        await using var harness = new Harness(time: time);

        var container = await harness.StartAsync("true");
        var exit = await Harness.Within(container.Exited);

        Assert.Equal(time.GetUtcNow(), container.StartedAt);
        Assert.Equal(time.GetUtcNow(), exit.FinishedAt);
    }
}
