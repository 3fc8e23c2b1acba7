using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// <c>events.k8s.io/v1</c> Events, stored as core v1 Events: the field mapping of upstream's
/// pkg/apis/events/v1/conversion.go (note ⇄ message, regarding ⇄ involvedObject, reportingController ⇄
/// reportingComponent, deprecated* ⇄ source, firstTimestamp, lastTimestamp, count).
/// </summary>
internal static class EventsV1
{
    public const string Group = "events.k8s.io";

    public const string ApiVersion = Group + "/v1";

    private static readonly (string Core, string V1)[] Renamed =
    [
        ("message", "note"), ("involvedObject", "regarding"), ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"), ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"), ("count", "deprecatedCount"),
    ];

    private static readonly string[] Same = ["metadata", "eventTime", "series", "reportingInstance", "action", "reason", "related", "type"];

    public static JsonObject FromCore(JsonObject core)
    {
        var v1 = new JsonObject { ["kind"] = "Event", ["apiVersion"] = ApiVersion };
        Copy(core, v1, Same.Select(f => (f, f)));
        Copy(core, v1, Renamed);
        return v1;
    }

    public static JsonObject ToCore(JsonObject v1)
    {
        var core = new JsonObject { ["kind"] = "Event", ["apiVersion"] = "v1" };
        Copy(v1, core, Same.Select(f => (f, f)));
        Copy(v1, core, Renamed.Select(r => (r.V1, r.Core)));
        return core;
    }

    private static void Copy(JsonObject from, JsonObject to, IEnumerable<(string From, string To)> fields)
    {
        foreach (var (source, target) in fields)
        {
            if (from[source] is { } value)
            {
                to[target] = value.DeepClone();
            }
        }
    }
}
