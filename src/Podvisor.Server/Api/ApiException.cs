using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// A request the apiserver would refuse, carrying the <c>Status</c> to answer with. Thrown from deep in a
/// handler (the store's conflict check, a decoder) and turned into the response in one place.
/// </summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => ApiStatus.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());
}
