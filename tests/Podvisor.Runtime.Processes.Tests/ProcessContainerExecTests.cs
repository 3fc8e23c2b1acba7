using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

public sealed class ProcessContainerExecTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    // xunit v2 calls IAsyncLifetime, not IAsyncDisposable, on test classes.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Exec_UsesTheContainersEnvironmentAndWorkingDirectory()
    {
        var container = await StartSleeperAsync([Harness.Path, new("FOO", "bar")], _h.Directory);

        var result = await container.ExecAsync(["sh", "-c", "echo $FOO; pwd; echo $HOME"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal($"bar\n{_h.Directory}\n\n", result.Output);
    }

    [Fact]
    public async Task Exec_ReturnsExitCodeAndCombinedOutput()
    {
        var container = await StartSleeperAsync();

        var result = await container.ExecAsync(["sh", "-c", "echo out; echo err >&2; exit 7"], null, CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\nerr\n", result.Output);
    }

    [Fact]
    public async Task Exec_Output_KeepsTheFirst10KiB()
    {
        var container = await StartSleeperAsync();

        var result = await container.ExecAsync(["sh", "-c", "head -c 30000 /dev/zero | tr '\\0' x"], null, CancellationToken.None);

        Assert.Equal(10 * 1024, result.Output.Length);
    }

    [Fact]
    public async Task Exec_Timeout_KillsTheCommandAndItsChildren()
    {
        var container = await StartSleeperAsync();

        var result = await Harness.Within(container.ExecAsync(["sh", "-c", "sleep 1000 & echo child $!; wait"], TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.True(result.TimedOut);
        Assert.Equal(137, result.ExitCode);
        // The exec's child is a process of the container's PID namespace: once it is gone, the container's PID 1 is alone there.
        Assert.StartsWith("child ", result.Output, StringComparison.Ordinal);
        Assert.True(await ProcessProbe.WaitUntilAloneAsync(container.ProcessId));
        Assert.False(container.Exited.IsCompleted);
    }

    [Fact]
    public async Task Exec_Cancelled_KillsTheCommandAndThrows()
    {
        var container = await StartSleeperAsync();
        using var cancel = new CancellationTokenSource();

        var exec = container.ExecAsync(["sleep", "1000"], null, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Harness.Within(exec));
    }

    [Fact]
    public async Task Exec_MissingBinary_IsAnError_InContainerdsWords()
    {
        var container = await StartSleeperAsync();

        var error = await Assert.ThrowsAsync<ExecStartException>(() => container.ExecAsync(["no-such-binary-xyz"], null, CancellationToken.None));

        Assert.Matches(
            "^rpc error: code = Unknown desc = failed to exec in container: failed to start exec \"[0-9a-f]{64}\": OCI runtime exec failed: exec failed: "
            + "unable to start container process: exec: \"no-such-binary-xyz\": executable file not found in \\$PATH: unknown$",
            error.Message);
    }

    [Fact]
    public async Task RunningContainer_HoldsNoDescriptorOfItsNamespacesOrDirectory_BetweenExecs()
    {
        // Scale: thousands of containers share one descriptor limit; the namespaces are opened per exec, never held.
        var container = await StartSleeperAsync([Harness.Path], _h.Directory);
        Assert.Equal(0, (await container.ExecAsync(["true"], TimeSpan.FromSeconds(10), CancellationToken.None)).ExitCode);

        var held = HeldDescriptorsOf(container.ProcessId);

        Assert.True(held.Count == 0, $"podvisor holds the container's {string.Join(", ", held)}");
    }

    [Fact]
    public async Task Exec_StartsInTheSpecWorkingDirectory_NotWherePid1MovedTo()
    {
        var moved = Directory.CreateDirectory(System.IO.Path.Combine(_h.Directory, "moved")).FullName;
        var container = await _h.Runtime.StartAsync(_h.Launch(["sh", "-c", $"cd {moved} && touch here && exec sleep 1000"], [Harness.Path], _h.Directory), CancellationToken.None);
        await Harness.Within(Task.Run(async () =>
        {
            while (!File.Exists(System.IO.Path.Combine(moved, "here")))
            {
                await Task.Delay(10);
            }
        }));

        var result = await container.ExecAsync(["pwd"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal($"{_h.Directory}\n", result.Output);
    }

    /// <summary>The descriptors of this (test) process that refer to the namespaces or working directory of <paramref name="pid"/>.</summary>
    private static List<string> HeldDescriptorsOf(int pid)
    {
        var theirs = new[] { "ns/mnt", "ns/pid", "ns/user", "cwd" }
            .Select(entry => TryReadLink($"/proc/{pid}/{entry}"))
            .OfType<string>()
            .ToHashSet();
        return Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(TryReadLink)
            .OfType<string>()
            .Where(theirs.Contains)
            .ToList();
    }

    private static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private Task<IRunningContainer> StartSleeperAsync(IReadOnlyList<KeyValuePair<string, string>>? environment = null, string? workingDirectory = null) =>
        _h.Runtime.StartAsync(_h.Launch(["sleep", "1000"], environment, workingDirectory), CancellationToken.None);
}
