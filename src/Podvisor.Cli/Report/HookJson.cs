using System.Text.Json.Nodes;
using Podvisor.Engine.Hooks;

namespace Podvisor.Cli.Report;

/// <summary>
/// The podvisor-specific <c>podvisor.containers[].hooks</c> array of <c>-o json</c>: each hook run with its handler's
/// result (exit code and output, status code and body start, sleep seconds). Not a Kubernetes field.
/// </summary>
internal static class HookJson
{
    public static JsonArray ForRuns(IReadOnlyList<HookRun> runs)
    {
        var array = new JsonArray();
        foreach (var run in runs)
        {
            array.Add((JsonNode?)ToNode(run));
        }

        return array;
    }

    public static JsonObject ToNode(HookRun run)
    {
        var node = new JsonObject
        {
            ["hook"] = run.Hook,
            ["handler"] = run.Handler,
            ["outcome"] = run.Outcome,
            ["durationSeconds"] = Math.Round(run.Duration.TotalSeconds, 3),
        };
        switch (run.Output)
        {
            case ExecHookOutput exec:
                node["exitCode"] = exec.ExitCode;
                node["output"] = exec.Output;
                node["outputTruncated"] = exec.Truncated;
                break;
            case HttpGetHookOutput http:
                node["statusCode"] = http.StatusCode;
                node["body"] = http.Body;
                node["bodyTruncated"] = http.Truncated;
                break;
            case SleepHookOutput sleep:
                node["sleepSeconds"] = Math.Round(sleep.Requested.TotalSeconds, 3);
                break;
            default:
                break;
        }

        if (run.Message.Length > 0)
        {
            node["message"] = run.Message;
        }

        return node;
    }
}
