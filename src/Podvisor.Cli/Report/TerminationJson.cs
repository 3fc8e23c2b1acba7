using System.Text.Json.Nodes;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>
/// The podvisor-specific <c>podvisor.containers[].termination</c> object (and <c>hooks</c>, <see cref="HookJson"/>) that <c>-o json</c> puts next to each
/// Pod's <c>status</c>. Not a Kubernetes field: kubectl and clients ignore it; its names are documented in the
/// CLI's README.
/// </summary>
internal static class TerminationJson
{
    public const string Field = "podvisor";

    public static JsonObject ForPod(IReadOnlyList<ContainerTermination> terminations)
    {
        var containers = new JsonArray();
        foreach (var ended in terminations)
        {
            var node = new JsonObject { ["name"] = ended.Container };
            if (ended.Termination is { } termination)
            {
                node["termination"] = ToNode(termination);
            }

            if (ended.Hooks.Count > 0)
            {
                node["hooks"] = HookJson.ForRuns(ended.Hooks);
            }

            containers.Add((JsonNode?)node);
        }

        return new JsonObject { ["containers"] = containers };
    }

    public static JsonObject ToNode(TerminationExplanation termination)
    {
        var node = new JsonObject
        {
            ["cause"] = CauseName(termination.Cause),
            ["message"] = TerminationText.Describe(termination),
            ["exitCode"] = termination.ExitCode,
        };
        Add(node, "exitSignal", termination.ExitSignal);
        Add(node, "reason", termination.Reason);
        Add(node, "signal", termination.StopSignal);
        node["sigkill"] = termination.Killed;
        Add(node, "graceSeconds", termination.Grace);
        Add(node, "preStopSeconds", termination.PreStop);
        Add(node, "preStopOutcome", termination.PreStopOutcome);
        Add(node, "stopSeconds", termination.StopTook);
        return node;
    }

    /// <summary>The wire name of a cause; <c>OOMKilled</c> spelled as the runtime reports it.</summary>
    public static string CauseName(TerminationCause cause) => cause switch
    {
        TerminationCause.OomKilled => "OOMKilled",
        _ => cause.ToString(),
    };

    private static void Add(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    private static void Add(JsonObject node, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            node[name] = Math.Round(duration.TotalSeconds, 3);
        }
    }
}
