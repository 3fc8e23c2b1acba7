using System.Text;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// A <c>tty: true</c> container gets a terminal, as runc gives one a console: its stdin, stdout and stderr and its
/// controlling terminal; its output, merged, is logged as stdout (a terminal's CR LF line ends without the CR, as
/// containerd's log writer drops it); <c>kubectl attach -it</c>'s input and window sizes reach it.
/// </summary>
public sealed class ContainerTerminalTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    private Task<IRunningContainer> StartAsync(string script, bool stdin) =>
        _h.Runtime.StartAsync(_h.Launch(["sh", "-c", script]) with { Tty = true, Stdin = stdin, StdinOnce = stdin }, CancellationToken.None);

    [Fact]
    public async Task ItsStreamsAreATerminal_LoggedAsStdout()
    {
        var container = await StartAsync("test -t 0 && test -t 1 && test -t 2 && echo terminal; echo err >&2", stdin: false);
        await Harness.Within(container.Exited);

        var terminal = await _h.Lines.WaitForAsync("terminal");
        var err = await _h.Lines.WaitForAsync("err");
        Assert.Equal((LogStream.Stdout, LogStream.Stdout), (terminal.Stream, err.Stream));
    }

    [Fact]
    public async Task AttachedInput_ReachesIt_AndCtrlCInterruptsItsForegroundGroup()
    {
        var container = await StartAsync("trap 'echo interrupted; exit 7' INT; echo ready; read line; echo \"got $line\"; while :; do sleep 1; done", stdin: true);
        await _h.Lines.WaitForAsync("ready");
        await using var input = await ((IContainerStdin)container).OpenStdinAsync(CancellationToken.None);

        await input.WriteAsync(Encoding.ASCII.GetBytes("hello\n"));
        await _h.Lines.WaitForAsync("got hello");

        // ETX, as a user's Ctrl-C reaches the terminal: only a controlling terminal turns it into SIGINT.
        await input.WriteAsync(new byte[] { 3 });
        Assert.Equal(7, (await Harness.Within(container.Exited)).ExitCode);
        await _h.Lines.WaitForAsync(l => l.Text.EndsWith("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResize_SetsItsWindowSize()
    {
        var container = await StartAsync("echo ready; read line; stty size", stdin: true);
        await _h.Lines.WaitForAsync("ready");
        await using var input = await ((IContainerStdin)container).OpenStdinAsync(CancellationToken.None);

        await ((IContainerTerminal)container).ResizeAsync(width: 132, height: 43, CancellationToken.None);
        await input.WriteAsync(Encoding.ASCII.GetBytes("go\n"));

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        await _h.Lines.WaitForAsync("43 132");
    }

    [Fact]
    public async Task UnderTheUserNamespaceLauncher_ItIsATerminalToo()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        var container = await h.Runtime.StartAsync(h.Launch(["sh", "-c", "test -t 0 && test -t 1 && echo terminal"]) with { Tty = true }, CancellationToken.None);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        await h.Lines.WaitForAsync("terminal");
    }
}
