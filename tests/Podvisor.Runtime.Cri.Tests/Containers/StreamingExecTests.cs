using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>Streaming exec (what <c>kubectl exec</c> uses through <c>serve</c>): CRI Exec, then containerd's streaming server over WebSocket.</summary>
[Collection(ContainerdCollection.Name)]
public sealed class StreamingExecTests(ContainerdFixture fixture)
{
    [Fact]
    public async Task An_exec_streams_stdout_and_stderr_from_inside_the_container_reports_its_exit_code_and_gets_a_terminal_of_the_size_sent()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var started = await BusyboxContainer.StartAsync(
            fixture,
            "execs",
            ["sh", "-c", "echo inside > /tmp/only-here; trap 'exit 0' TERM; echo up; while true; do sleep 0.1; done"],
            line => { if (line.Text == "up") { up.TrySetResult(); } });
        var container = started.Container;
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await using (var terminal = await container.StartExecAsync(
            ["sh", "-c", "until s=$(stty size 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != \"0 0\" ]; do sleep 0.1; done; test -t 0 && echo \"size $s\""], new ExecStreams(Stdin: true, Tty: true), CancellationToken.None))
        {
            // kubectl exec -t's window size, forwarded on containerd's resize channel; the command waits for it (of a
            // terminal still 0 × 0, busybox's stty prints nothing, coreutils' "0 0").
            Assert.Null(terminal.Stderr);
            await terminal.ResizeAsync(width: 132, height: 43, CancellationToken.None);
            var output = new StreamReader(terminal.Stdout).ReadToEndAsync();
            Assert.Equal(0, await terminal.Exited.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("size 43 132", await output.WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        }

        await using var session = await container.StartExecAsync(["sh", "-c", "cat /tmp/only-here; echo oops >&2; exit 3"], new ExecStreams(Stdin: false, Tty: false), CancellationToken.None);
        Assert.Null(session.StartFailure);
        var stdout = new StreamReader(session.Stdout).ReadToEndAsync();
        var stderr = new StreamReader(session.Stderr!).ReadToEndAsync();

        Assert.Equal(3, await session.Exited.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("inside\n", await stdout.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("oops\n", await stderr.WaitAsync(TimeSpan.FromSeconds(5)));

        container.Signal(Signals.SigTerm);
        Assert.Equal(0, (await container.Exited.WaitAsync(TimeSpan.FromSeconds(20))).ExitCode);
    }
}
