using Podvisor.Bench.Core;

namespace Podvisor.Bench.Tools;

/// <summary>A process's footprint over a quiet window: RSS (max of 1 s samples) and CPU share.</summary>
internal sealed record Steady(double RssMiB, double CpuPercent, int Threads)
{
    public static async Task<Steady> Measure(int pid, TimeSpan window)
    {
        var cpu0 = ProcStat.CpuSeconds(pid);
        var t0 = Clock.NowUs();
        var rss = ProcStat.RssMiB(pid);
        var end = t0 + (long)(window.TotalMilliseconds * 1000);
        while (Clock.NowUs() < end)
        {
            await Clock.Delay(Math.Min(1000, (end - Clock.NowUs()) / 1000.0)).ConfigureAwait(false);
            rss = Math.Max(rss, ProcStat.RssMiB(pid));
        }

        var cpu = ProcStat.CpuSeconds(pid) - cpu0;
        return new Steady(rss, 100 * cpu / ((Clock.NowUs() - t0) / 1e6), ProcStat.Threads(pid));
    }
}
