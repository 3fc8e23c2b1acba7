using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>The event columns and cells of upstream <c>printEvent</c>.</summary>
internal sealed class EventPrinter : ITablePrinter
{
    public static readonly EventPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
        new("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "The object that this event is about."),
        new("Subobject", "The subobject that this event is about, e.g. a container.", Priority: 1),
        new("Source", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "A human-readable description of the status of this operation."),
        new("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "The number of times this event has occurred.", Priority: 1, Type: "integer"),
        new("Name", "Name must be unique within a namespace.", Priority: 1, Format: "name"),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject ev, DateTimeOffset now)
    {
        var first = ObjectMetadata.ParseTimestamp(ev["firstTimestamp"]) ?? ObjectMetadata.ParseTimestamp(ev["eventTime"]);
        var firstText = HumanDuration.Since(first, now);
        var last = ObjectMetadata.ParseTimestamp(ev["lastTimestamp"]);
        var lastText = last is null ? firstText : HumanDuration.Since(last, now);
        var count = (long?)ev["count"] ?? 0;
        if (ev["series"] is JsonObject series)
        {
            lastText = HumanDuration.Since(ObjectMetadata.ParseTimestamp(series["lastObservedTime"]), now);
            count = (long?)series["count"] ?? count;
        }
        else if (count == 0)
        {
            count = 1;
        }

        var involved = ev["involvedObject"] as JsonObject;
        var kind = ((string?)involved?["kind"] ?? string.Empty).ToLowerInvariant();
        var name = (string?)involved?["name"];
        var target = string.IsNullOrEmpty(name) ? kind : $"{kind}/{name}";
        return
        [
            lastText,
            (string?)ev["type"] ?? string.Empty,
            (string?)ev["reason"] ?? string.Empty,
            target,
            (string?)involved?["fieldPath"] ?? string.Empty,
            Source(ev),
            ((string?)ev["message"] ?? string.Empty).Trim(),
            firstText,
            count,
            ObjectMetadata.Name(ev),
        ];
    }

    private static string Source(JsonObject ev)
    {
        var component = (string?)ev["source"]?["component"];
        var instance = (string?)ev["source"]?["host"];
        if (string.IsNullOrEmpty(component))
        {
            component = (string?)ev["reportingComponent"];
            instance = (string?)ev["reportingInstance"];
        }

        if (string.IsNullOrEmpty(component))
        {
            return "<unknown>";
        }

        return string.IsNullOrEmpty(instance) ? component : $"{component}, {instance}";
    }
}
