using System.Diagnostics;
using System.Globalization;
using Podvisor.Bench.Core;
using Podvisor.Bench.Scenarios;

namespace Podvisor.Bench;

/// <summary>
/// The benchmark harness behind bench/run (which installs the peers, compiles the C floor, publishes podvisor
/// and prepares podman, then calls this). Usage:
/// <c>Podvisor.Bench --podvisor EXE --native DIR --work DIR --out DIR [--podman-store DIR] [--repo DIR] [--quick] [SCENARIO...]</c>
/// </summary>
internal static class Program
{
    private static readonly IScenario[] All =
    [
        new LimitScenario(),
        new CreateScenario(),
        new SigkillScenario(),
        new ScaleScenario(),
        new ProbesScenario(),
        new RestartScenario(),
        new ApiScenario(),
        new CriScenario(),
    ];

    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>();
        var selected = new List<string>();
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                selected.Add(args[i]);
            }
        }

        // The limit always runs: every other figure is divided by a floor measured in the same run.
        var scenarios = selected.Count == 0 ? All : All.Where(s => s.Number == 1 || selected.Contains(s.Id) || selected.Contains(s.Number.ToString(CultureInfo.InvariantCulture))).ToArray();
        var unknown = selected.Where(s => !All.Any(a => a.Id == s || a.Number.ToString(CultureInfo.InvariantCulture) == s)).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(s => $"{s.Number}|{s.Id}"))}").ConfigureAwait(false);
            return 2;
        }

        var context = new BenchContext
        {
            Quick = quick,
            Podvisor = options["podvisor"],
            NativeDir = options["native"],
            WorkDir = options["work"],
            PodmanDir = options.GetValueOrDefault("podman-store"),
            RepoDir = options.GetValueOrDefault("repo") ?? Environment.CurrentDirectory,
        };
        Directory.CreateDirectory(context.WorkDir);
        var command = options.GetValueOrDefault("command") ?? "bench/run" + (quick ? " --quick" : string.Empty);
        var machine = await Machine.Describe(context, options.GetValueOrDefault("commit") ?? "unknown", quick).ConfigureAwait(false);

        foreach (var scenario in scenarios)
        {
            Log.Info($"== {scenario.Number}. {scenario.Title}");
            var watch = Stopwatch.StartNew();
            try
            {
                await scenario.RunAsync(context).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One scenario failing must not lose the others' figures; the error is reported.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                context.Results.Note(scenario.Id, $"scenario failed: {exception.GetType().Name}: {exception.Message}");
                Log.Info(exception.ToString());
            }

            context.Results.Durations[scenario.Id] = Math.Round(watch.Elapsed.TotalSeconds, 1);
        }

        machine["load average (end)"] = File.ReadAllText("/proc/loadavg").Trim();
        var outDir = options.GetValueOrDefault("out") ?? "bench/results";
        Directory.CreateDirectory(outDir);
        var list = scenarios.Select(s => (s.Number, s.Id, s.Title)).ToList();
        var markdown = Report.Markdown(context.Results, machine, list, command);
        var stem = Path.Combine(outDir, options.GetValueOrDefault("name") ?? machine["date"][..10]);
        await File.WriteAllTextAsync(stem + ".md", markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(stem + ".json", Report.Json(context.Results, machine, command)).ConfigureAwait(false);
        Console.WriteLine(markdown);
        Log.Info($"written {stem}.md and {stem}.json");
        return 0;
    }
}
