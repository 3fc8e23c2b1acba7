using System.Text;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// A <c>tty: true</c> container on containerd: its console is its stdin, stdout and stderr, and <c>kubectl attach -t</c>'s
/// window size reaches it through CRI Attach's channel 4, as the process runtime's terminal does.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class ContainerTerminalTests(ContainerdFixture fixture)
{
    [Fact]
    public async Task A_resize_through_an_attach_sets_the_consoles_window_size()
    {
        var sized = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var started = await BusyboxContainer.StartAsync(
            fixture,
            "console",
            ["sh", "-c", "until s=$(stty size 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != \"0 0\" ]; do sleep 0.1; done; test -t 1 && echo \"size $s\"; sleep 600"],
            line => { if (line.Text.StartsWith("size ", StringComparison.Ordinal)) { sized.TrySetResult(line.Text); } },
            stdin: true,
            tty: true);
        var container = started.Container;

        await using (var input = await ((IContainerStdin)container).OpenStdinAsync(CancellationToken.None))
        {
            await ((IContainerTerminal)container).ResizeAsync(width: 132, height: 43, CancellationToken.None);

            // containerd's log writer drops the CR of the terminal's CR LF.
            Assert.Equal("size 43 132", await sized.Task.WaitAsync(TimeSpan.FromSeconds(20)));
            await input.WriteAsync(Encoding.ASCII.GetBytes("\n"));
        }

        container.Signal(Signals.SigKill);
        await container.Exited.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
