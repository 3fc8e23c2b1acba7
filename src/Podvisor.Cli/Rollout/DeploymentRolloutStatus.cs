using System.Globalization;
using System.Text.Json.Nodes;

namespace Podvisor.Cli.Rollout;

/// <summary>
/// Whether a Deployment's rollout is complete, by <c>kubectl rollout status</c>'s rule and in its words
/// (kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go,
/// <c>DeploymentStatusViewer.Status</c>): the controller has observed the latest generation, every desired replica
/// is updated, no old replica remains, and every updated replica is available; a Progressing condition with reason
/// ProgressDeadlineExceeded is a failure.
/// </summary>
internal static class DeploymentRolloutStatus
{
    public static (bool Done, bool Failed, string Message) Evaluate(JsonObject deployment)
    {
        var name = (string?)deployment["metadata"]?["name"] ?? string.Empty;
        var generation = Number(deployment["metadata"]?["generation"]);
        var status = deployment["status"] as JsonObject ?? [];
        if (generation > Number(status["observedGeneration"]))
        {
            return (false, false, "Waiting for deployment spec update to be observed...");
        }

        var progressing = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Progressing");
        if ((string?)progressing?["reason"] == "ProgressDeadlineExceeded")
        {
            return (false, true, $"deployment \"{name}\" exceeded its progress deadline");
        }

        var updated = Number(status["updatedReplicas"]);
        var replicas = Number(status["replicas"]);
        var available = Number(status["availableReplicas"]);
        if (deployment["spec"]?["replicas"] is { } wanted && updated < Number(wanted))
        {
            return (false, false, $"Waiting for deployment \"{name}\" rollout to finish: {Text(updated)} out of {Text(Number(wanted))} new replicas have been updated...");
        }

        if (replicas > updated)
        {
            return (false, false, $"Waiting for deployment \"{name}\" rollout to finish: {Text(replicas - updated)} old replicas are pending termination...");
        }

        if (available < updated)
        {
            return (false, false, $"Waiting for deployment \"{name}\" rollout to finish: {Text(available)} of {Text(updated)} updated replicas are available...");
        }

        return (true, false, $"deployment \"{name}\" successfully rolled out");
    }

    /// <summary>A count as parsed from the API (a JSON number) or built in code (an int); absent counts are 0 (omitempty).</summary>
    private static long Number(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<long>(out var number) ? number : value.TryGetValue<int>(out var small) ? small : 0
        : 0;

    private static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);
}
