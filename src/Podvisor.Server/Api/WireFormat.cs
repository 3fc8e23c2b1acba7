using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// How a stored kind is served at one group/version: its apiVersion, Kind and list Kind there, and the
/// conversion from the stored (core v1) object. Core kinds are served as stored; <c>events.k8s.io/v1</c>
/// Events are core Events converted on the way out (<see cref="EventsV1"/>).
/// </summary>
/// <param name="AsStored">True when <see cref="FromStored"/> changes nothing: the stored JSON text is the wire's, byte for byte.</param>
internal sealed record WireFormat(string ApiVersion, string Kind, string ListKind, Func<JsonObject, JsonObject> FromStored, bool AsStored = false)
{
    public static WireFormat Core(ResourceKind kind) => new("v1", kind.Kind, kind.ListKind, o => o, AsStored: true);

    public static readonly WireFormat EventsV1 = new(Api.EventsV1.ApiVersion, "Event", "EventList", Api.EventsV1.FromCore);
}
