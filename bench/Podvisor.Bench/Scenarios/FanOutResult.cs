using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// The fan-out's verdict as a figure Goals can read: the share of watchers that saw every event (1 = all), one sample.
/// </summary>
internal static class FanOutResult
{
    public const string Group = "API: 100 watchers, share that saw every event";

    public static void Record(Results results, int complete, int events) =>
        results.Add(new Figure("api", Group, Role.Podvisor, "podvisor", $"watchers that saw all {events} events ÷ {ApiFanOut.Watchers}", "share", [complete / (double)ApiFanOut.Watchers], "see the fan-out note"));
}
