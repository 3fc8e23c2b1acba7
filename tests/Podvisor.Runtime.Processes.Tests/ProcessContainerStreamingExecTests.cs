using System.Globalization;
using System.Text;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The streaming exec <c>kubectl exec</c> uses, with real processes in a container's mount namespace.</summary>
public sealed class ProcessContainerStreamingExecTests : MountNamespaceTests
{
    private static readonly ExecStreams Pipes = new(Stdin: false, Tty: false);

    [Fact]
    public async Task Stdin_RoundTripsThroughCat()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["cat"], new ExecStreams(Stdin: true, Tty: false), CancellationToken.None);

        await exec.Stdin!.WriteAsync(Encoding.UTF8.GetBytes("hello through stdin\n"));
        await exec.Stdin.DisposeAsync(); // EOF for cat

        Assert.Equal("hello through stdin\n", await ReadAllAsync(exec.Stdout));
        Assert.Equal(0, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task StdoutAndStderr_AreSeparate_AndTheExitCodeIsReported()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "echo out; echo err >&2; exit 5"], Pipes, CancellationToken.None);

        var stdout = ReadAllAsync(exec.Stdout);
        var stderr = ReadAllAsync(exec.Stderr!);

        Assert.Null(exec.Stdin);
        Assert.Null(exec.StartFailure);
        Assert.Equal(("out\n", "err\n"), (await stdout, await stderr));
        Assert.Equal(5, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task Tty_IsATerminalForAllThreeStreams_WithStderrMergedAndCrLfLineEnds()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(
            ["sh", "-c", "test -t 0 && test -t 1 && test -t 2 && echo terminal; echo err >&2"], new ExecStreams(Stdin: false, Tty: true), CancellationToken.None);

        // A terminal's output processing (ONLCR) ends lines with CR LF, as kubectl exec -t shows on a cluster.
        Assert.Null(exec.Stderr);
        Assert.Equal("terminal\r\nerr\r\n", await ReadAllAsync(exec.Stdout));
        Assert.Equal(0, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task Tty_IsTheControllingTerminal_CtrlCInterruptsTheForegroundGroup()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(
            ["sh", "-c", "trap 'echo interrupted; exit 7' INT; echo ready; while :; do sleep 1; done"], new ExecStreams(Stdin: true, Tty: true), CancellationToken.None);
        await ReadUntilAsync(exec.Stdout, "ready");

        // ETX, as a user's Ctrl-C reaches the terminal: its line discipline signals the foreground process group, which
        // only a controlling terminal has.
        await exec.Stdin!.WriteAsync(new byte[] { 3 });

        Assert.Contains("interrupted", await ReadAllAsync(exec.Stdout), StringComparison.Ordinal);
        Assert.Equal(7, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task Tty_ResizeSetsTheWindowSize()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(
            ["sh", "-c", "echo ready; read line; stty size"], new ExecStreams(Stdin: true, Tty: true), CancellationToken.None);
        await ReadUntilAsync(exec.Stdout, "ready");

        await exec.ResizeAsync(width: 132, height: 43, CancellationToken.None);
        await exec.Stdin!.WriteAsync(Encoding.ASCII.GetBytes("go\n"));

        // stty prints rows, then columns.
        Assert.Contains("43 132\r\n", await ReadAllAsync(exec.Stdout), StringComparison.Ordinal);
        Assert.Equal(0, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task Pipes_ResizeChangesNothing()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "test -t 1 || echo pipe"], Pipes, CancellationToken.None);

        await exec.ResizeAsync(width: 80, height: 24, CancellationToken.None);

        Assert.Equal("pipe\n", await ReadAllAsync(exec.Stdout));
    }

    [Fact]
    public async Task Exec_SeesTheContainersPrivateTmp_NotTheHosts()
    {
        var hostFile = HostTmpFile("host-only");
        var container = await H.ShAsync("echo secret > /tmp/x; echo written; sleep 1000");
        await H.Lines.WaitForAsync("written");

        await using var exec = await container.StartExecAsync(
            ["sh", "-c", $"cat /tmp/x; if [ -e {hostFile} ]; then echo host-visible; else echo host-hidden; fi"], Pipes, CancellationToken.None);

        Assert.Equal("secret\nhost-hidden\n", await ReadAllAsync(exec.Stdout));
        Assert.Equal(0, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task Kill_EndsTheCommandAndItsChildren()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "sleep 1000 & echo $!; wait"], Pipes, CancellationToken.None);
        var child = ProcessProbe.HostPid(container.ProcessId, await ReadPidAsync(exec.Stdout));

        exec.Kill();

        Assert.Equal(137, await Harness.Within(exec.Exited));
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
        Assert.Equal(string.Empty, await ReadAllAsync(exec.Stdout));
        Assert.False(container.Exited.IsCompleted);
    }

    [Fact]
    public async Task ContainerExit_KillsTheExec()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "echo started; sleep 1000"], Pipes, CancellationToken.None);
        await ReadLineAsync(exec.Stdout);

        container.Signal(Signals.SigKill);

        Assert.Equal(137, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task RuntimeDispose_LeavesNoProcessBehind()
    {
        var container = await StartSleeperAsync();
        var exec = await container.StartExecAsync(["sh", "-c", "sleep 1000 & echo $!; wait"], new ExecStreams(Stdin: true, Tty: false), CancellationToken.None);
        var child = ProcessProbe.HostPid(container.ProcessId, await ReadPidAsync(exec.Stdout));

        await Harness.Within(H.Runtime.DisposeAsync().AsTask());

        // The session's exit code is derived from its leader's on another continuation: bounded, not instant.
        Assert.Equal(137, await Harness.Within(exec.Exited));
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
        await Harness.Within(exec.DisposeAsync().AsTask());
    }

    [Fact]
    public async Task Guard_KillsARunningExec_WhenPodvisorDies()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "sleep 1000 & echo $!; wait"], Pipes, CancellationToken.None);
        var child = ProcessProbe.HostPid(container.ProcessId, await ReadPidAsync(exec.Stdout));

        H.Runtime.Guard!.CloseInput(); // what the kernel does when podvisor dies

        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
        Assert.Equal(137, await Harness.Within(exec.Exited));
    }

    [Fact]
    public async Task MissingBinary_IsAStartFailure_WithTheRuncReason()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["no-such-binary-xyz"], Pipes, CancellationToken.None);

        Assert.Equal(new ExecStartFailure(127, "exec: \"no-such-binary-xyz\": executable file not found in $PATH"), exec.StartFailure);
        Assert.Equal(127, await exec.Exited);
        Assert.Equal(string.Empty, await ReadAllAsync(exec.Stdout));
    }

    [Fact]
    public async Task StoppedContainer_RefusesTheExec()
    {
        var container = await H.StartAsync("true");
        await Harness.Within(container.Exited);

        await using var exec = await container.StartExecAsync(["true"], Pipes, CancellationToken.None);

        Assert.Equal(126, exec.StartFailure?.ExitCode);
        Assert.Contains("cannot exec in a stopped container", exec.StartFailure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeOutput_ArrivesWhole_AcrossPausesOfTheReading()
    {
        var container = await StartSleeperAsync();
        await using var exec = await container.StartExecAsync(["sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x"], Pipes, CancellationToken.None);

        // Far more than the pause threshold: reading pauses and resumes, and nothing is lost.
        var output = await ReadAllAsync(exec.Stdout);

        Assert.Equal(3_000_000, output.Length);
        Assert.Equal(3_000_000, output.Count(c => c == 'x'));
        Assert.Equal(0, await Harness.Within(exec.Exited));
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await Harness.Within(reader.ReadToEndAsync());
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await Harness.Within(stream.ReadAsync(one).AsTask()) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }

    /// <summary>Reads until <paramref name="text"/> has been seen (a terminal echoes and interleaves, so not line by line).</summary>
    private static async Task ReadUntilAsync(Stream stream, string text)
    {
        var seen = new StringBuilder();
        var buffer = new byte[256];
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var n = await Harness.Within(stream.ReadAsync(buffer).AsTask());
            Assert.True(n > 0, $"the output ended before \"{text}\": {seen}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    private static async Task<int> ReadPidAsync(Stream stream) => int.Parse(await ReadLineAsync(stream), CultureInfo.InvariantCulture);

    private Task<IRunningContainer> StartSleeperAsync() => H.StartAsync("sleep", "1000");

    private string HostTmpFile(string name)
    {
        var path = Path.Combine("/tmp", $"podvisor-exec-test-{name}-{Guid.NewGuid():N}");
        File.WriteAllText(path, "host");
        HostFiles.Add(path);
        return path;
    }
}
