using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Server.Store;
using Podvisor.Server.Api;

namespace Podvisor.Server.Controllers;

/// <summary>
/// Writes core/v1 Events about workload objects as client-go's event recorder does for kube-controller-manager:
/// <c>involvedObject</c> names the object (apps/v1), <c>source.component</c> the controller
/// (<c>deployment-controller</c>, <c>replicaset-controller</c>).
/// </summary>
internal sealed class ControllerEvents(ObjectStore store, TimeProvider time)
{
    public const string DeploymentController = "deployment-controller";
    public const string ReplicaSetController = "replicaset-controller";

    public void Normal(ResourceKind kind, JsonObject involved, string component, string reason, string message) =>
        Record(kind, involved, component, "Normal", reason, message);

    public void Warning(ResourceKind kind, JsonObject involved, string component, string reason, string message) =>
        Record(kind, involved, component, "Warning", reason, message);

    private void Record(ResourceKind kind, JsonObject involved, string component, string type, string reason, string message)
    {
        var now = time.GetUtcNow();
        var metadata = ObjectMetadata.Of(involved);
        var name = ObjectMetadata.Name(involved);
        var ns = ObjectMetadata.Namespace(involved);
        var stamp = ObjectMetadata.Timestamp(now);
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                // client-go names an event after its object and the time in nanoseconds, in hex.
                ["name"] = $"{name}.{((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString("x", CultureInfo.InvariantCulture)}",
                ["namespace"] = ns,
            },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = kind.Kind,
                ["namespace"] = ns,
                ["name"] = name,
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["apiVersion"] = Apps.AppsGroup.ApiVersion,
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = stamp,
            ["lastTimestamp"] = stamp,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = string.Empty,
        };
        try
        {
            store.Create(ResourceKind.Events, ev);
        }
        catch (Exception e) when (StoreErrors.IsConflict(e))
        {
            // Two events in the same 100 ns: the recorder would have aggregated them; one is enough.
        }
    }
}
