using System.Diagnostics;

namespace Podvisor.Bench.Core;

/// <summary>
/// Wall-clock microseconds (CLOCK_REALTIME): the one clock every tool, container payload and log line shares,
/// so that instants taken by different processes can be subtracted.
/// </summary>
internal static class Clock
{
    public static long NowUs() => (TimeProvider.System.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static long ToUs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static double MsSince(long startUs) => (NowUs() - startUs) / 1000.0;

    /// <summary>Sleeps on the system clock (the bench is not a product: no injected time needed to test it).</summary>
    public static Task Delay(TimeSpan span, CancellationToken token = default) => Task.Delay(span, TimeProvider.System, token);

    public static Task Delay(double milliseconds, CancellationToken token = default) => Delay(TimeSpan.FromMilliseconds(milliseconds), token);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="everyMs"/> until true or the timeout.</summary>
    public static async Task<bool> Until(Func<bool> condition, TimeSpan timeout, double everyMs = 2)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Delay(everyMs).ConfigureAwait(false);
        }

        return true;
    }
}
