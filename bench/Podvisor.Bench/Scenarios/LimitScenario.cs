using System.Globalization;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 1. The physical limit, from bench/native/limit.c: posix_spawn+waitpid of /bin/true; SIGTERM to a sleeping
/// child and its reaping; SIGKILL at an absolute deadline (clock_nanosleep) and the reaping. Nothing is faster.
/// </summary>
internal sealed class LimitScenario : IScenario
{
    public string Id => "limit";

    public int Number => 1;

    public string Title => "Physical limit (C: posix_spawn, kill, waitpid, clock_nanosleep)";

    public async Task RunAsync(BenchContext context)
    {
        var n = context.Reps(200, 1000);
        await Measure(context, Groups.FloorSpawn, "spawn+reap /bin/true", "limit spawn " + n, ["spawn", n.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        var m = context.Reps(50, 200);
        await Measure(context, Groups.FloorTerm, "SIGTERM → reaped (sleep)", "limit term " + m, ["term", m.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        await Measure(context, Groups.FloorDeadline, "SIGKILL at deadline → reaped", $"limit deadline {m} 100", ["deadline", m.ToString(CultureInfo.InvariantCulture), "100"]).ConfigureAwait(false);
    }

    private static async Task Measure(BenchContext context, string group, string metric, string method, string[] args)
    {
        var result = (await Shell.Run(context.Limit, args, timeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false)).Check("limit");
        var samples = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => double.Parse(line, CultureInfo.InvariantCulture) / 1000).ToList();
        context.Results.Add(new Figure("limit", group, Role.Limit, "limit (C)", metric, "ms", samples, "bench/native/" + method));
    }
}
