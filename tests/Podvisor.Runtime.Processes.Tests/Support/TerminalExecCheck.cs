using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>What every launcher's exec with a tty must give: a terminal on all three standard streams.</summary>
internal static class TerminalExecCheck
{
    public static async Task ExecGetsATerminalAsync(IsolationPreference isolation)
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = isolation });
        var container = await h.ShAsync("echo up; exec sleep 1000");
        await h.Lines.WaitForAsync("up");

        await using var exec = await container.StartExecAsync(["sh", "-c", "test -t 0 && test -t 1 && test -t 2 && echo terminal"], new ExecStreams(Stdin: true, Tty: true), CancellationToken.None);
        using var reader = new StreamReader(exec.Stdout);

        Assert.Equal("terminal\r\n", await Harness.Within(reader.ReadToEndAsync()));
        Assert.Equal(0, await Harness.Within(exec.Exited));
        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }
}
