using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Report;

/// <summary>Pairs each hook's start step with its closing step in one container's timeline. Pure.</summary>
internal static class HookRuns
{
    public static IReadOnlyList<HookRun> Of(IEnumerable<TimelineEntry> containerTimeline)
    {
        var runs = new List<HookRun>();
        // Both hooks can be open at once (a deletion during postStart), so each is tracked on its own.
        TimelineEntry? postStart = null;
        TimelineEntry? preStop = null;
        foreach (var entry in containerTimeline)
        {
            switch (entry.Step)
            {
                case TimelineStep.ContainerSpawned:
                    postStart = preStop = null;
                    break;
                case TimelineStep.PostStartStarted:
                    postStart = entry;
                    break;
                case TimelineStep.PreStopStarted:
                    preStop = entry;
                    break;
                case TimelineStep.PostStartSucceeded or TimelineStep.PostStartFailed when postStart is not null:
                    runs.Add(Run("postStart", postStart, entry));
                    postStart = null;
                    break;
                case TimelineStep.PreStopSucceeded or TimelineStep.PreStopFailed or TimelineStep.PreStopTimedOut when preStop is not null:
                    runs.Add(Run("preStop", preStop, entry));
                    preStop = null;
                    break;
                default:
                    break;
            }
        }

        return runs;
    }

    private static HookRun Run(string hook, TimelineEntry started, TimelineEntry ended)
    {
        var outcome = ended.Step switch
        {
            TimelineStep.PostStartSucceeded or TimelineStep.PreStopSucceeded => "Succeeded",
            TimelineStep.PreStopTimedOut => "TimedOut",
            _ => "Failed",
        };
        var handler = ended.Hook?.Output?.Handler ?? HandlerName(started.Detail);
        var message = outcome == "Failed" ? ended.Detail : string.Empty;
        return new HookRun(hook, handler, outcome, started.At, ended.Hook?.Duration ?? ended.At - started.At, ended.Hook?.Output, message);
    }

    /// <summary>The start step names the engine's handler type; its API field name is what users wrote.</summary>
    private static string HandlerName(string detail) => detail switch
    {
        "ExecHookHandler" => "exec",
        "HttpGetHookHandler" => "httpGet",
        "SleepHookHandler" => "sleep",
        _ => detail,
    };
}
