using System.Diagnostics;

namespace Podvisor.Bench.Core;

/// <summary>
/// A neighbour that keeps every core busy: one <c>yes &gt; /dev/null</c> per core, at normal priority, for as long as
/// it is not disposed. Disposing kills and reaps each one.
/// </summary>
internal sealed class BusyNeighbour : IAsyncDisposable
{
    private readonly List<Process> _spinners = [];

    private BusyNeighbour()
    {
    }

    public int Count => _spinners.Count;

    public static BusyNeighbour Start(int count)
    {
        var neighbour = new BusyNeighbour();
        for (var i = 0; i < count; i++)
        {
            // exec: the pid is yes itself, so killing it ends the spinner, not a shell around it.
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec yes > /dev/null");
            neighbour._spinners.Add(Process.Start(info) ?? throw new InvalidOperationException("cannot start yes"));
        }

        return neighbour;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var spinner in _spinners)
        {
            try
            {
                spinner.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            await spinner.WaitForExitAsync().ConfigureAwait(false);
            spinner.Dispose();
        }
    }
}
