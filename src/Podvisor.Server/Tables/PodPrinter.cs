using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Server.Tables;

/// <summary>
/// The pod columns and cells of upstream <c>printPod</c> (pkg/printers/internalversion/printers.go):
/// READY, the refined STATUS (init progress, the last container's reason, Terminating) and RESTARTS.
/// </summary>
internal sealed class PodPrinter : ITablePrinter
{
    public static readonly PodPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace.", Format: "name"),
        new("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "The aggregate status of the containers in this pod."),
        new("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new("Node", "NodeName indicates in which node this pod is scheduled.", Priority: 1),
        new("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node.", Priority: 1),
        new("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var pod = ModelSerializer.Deserialize<V1Pod>(obj.ToJsonString());
        var row = Compute(pod, now);
        var podIp = pod.Status?.PodIPs is { Count: > 0 } ips ? ips[0].Ip : null;
        return
        [
            pod.Metadata.Name,
            row.Ready,
            row.Status,
            row.Restarts,
            HumanDuration.Since(ToOffset(pod.Metadata.CreationTimestamp), now),
            string.IsNullOrEmpty(podIp) ? "<none>" : podIp,
            string.IsNullOrEmpty(pod.Spec?.NodeName) ? "<none>" : pod.Spec.NodeName,
            string.IsNullOrEmpty(pod.Status?.NominatedNodeName) ? "<none>" : pod.Status.NominatedNodeName,
            ReadinessGates(pod),
        ];
    }

    public IReadOnlyList<JsonNode?>? Conditions(JsonObject obj) => ((string?)obj["status"]?["phase"]) switch
    {
        "Succeeded" => [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Succeeded", ["message"] = "The pod has completed successfully." }],
        "Failed" => [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Failed", ["message"] = "The pod failed." }],
        _ => null,
    };

    /// <summary>READY, STATUS and RESTARTS as kubectl shows them.</summary>
    public static (string Ready, string Status, string Restarts) Compute(V1Pod pod, DateTimeOffset now)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var status = pod.Status ?? new V1PodStatus();
        var initSpecs = (spec.InitContainers ?? []).ToDictionary(c => c.Name, c => c);
        var total = (spec.Containers?.Count ?? 0) + initSpecs.Values.Count(IsRestartable);
        var ready = 0;
        var restarts = 0;
        var restartableRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastRestartableRestart = null;
        var reason = string.IsNullOrEmpty(status.Reason) ? status.Phase ?? string.Empty : status.Reason;
        if (status.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated") == true)
        {
            reason = "SchedulingGated";
        }

        var initializing = false;
        var initStatuses = status.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += container.RestartCount;
            lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
            var restartable = initSpecs.TryGetValue(container.Name, out var initSpec) && IsRestartable(initSpec);
            if (restartable)
            {
                restartableRestarts += container.RestartCount;
                lastRestartableRestart = Later(lastRestartableRestart, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is { ExitCode: 0 })
            {
                continue;
            }

            if (restartable && container.Started == true)
            {
                if (container.Ready)
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? terminated.Signal is { } signal and not 0 ? Text($"Init:Signal:{signal}") : Text($"Init:ExitCode:{terminated.ExitCode}")
                    : "Init:" + terminated.Reason;
            }
            else if (waiting is not null && !string.IsNullOrEmpty(waiting.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = Text($"Init:{i}/{initSpecs.Count}");
            }

            initializing = true;
            break;
        }

        var initialized = status.Conditions?.Any(c => c.Type == "Initialized" && c.Status == "True") == true;
        if (!initializing || initialized)
        {
            restarts = restartableRestarts;
            lastRestart = lastRestartableRestart;
            var hasRunning = false;
            var statuses = status.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                var waiting = container.State?.Waiting;
                var terminated = container.State?.Terminated;
                if (!string.IsNullOrEmpty(waiting?.Reason))
                {
                    reason = waiting.Reason;
                }
                else if (terminated is not null && !string.IsNullOrEmpty(terminated.Reason))
                {
                    reason = terminated.Reason;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Signal is { } signal and not 0 ? Text($"Signal:{signal}") : Text($"ExitCode:{terminated.ExitCode}");
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata?.DeletionTimestamp is not null && status.Reason == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (pod.Metadata?.DeletionTimestamp is not null && status.Phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var restartText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartText = Text($"{restarts} ({HumanDuration.Format(now - last)} ago)");
        }

        return (Text($"{ready}/{total}"), reason, restartText);
    }

    private static string ReadinessGates(V1Pod pod)
    {
        if (pod.Spec?.ReadinessGates is not { Count: > 0 } gates)
        {
            return "<none>";
        }

        var satisfied = gates.Count(g => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == g.ConditionType)?.Status == "True");
        return Text($"{satisfied}/{gates.Count}");
    }

    private static bool IsRestartable(V1Container container) => container.RestartPolicy == "Always";

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTime? candidate) =>
        ToOffset(candidate) is { } c && (current is null || c > current) ? c : current;

    internal static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
