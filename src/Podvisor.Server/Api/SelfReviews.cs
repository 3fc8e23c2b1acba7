using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// Answers to <c>kubectl auth can-i</c> and <c>kubectl auth whoami</c>. There is one identity, the token's
/// holder, and it may do everything the server serves (like <c>system:masters</c>), so every review is allowed.
/// The request body is not needed for that answer (kubectl may send it as protobuf).
/// </summary>
internal static class SelfReviews
{
    public const string UserName = "podvisor";

    public static JsonObject AccessReview(JsonObject? request) => new()
    {
        ["kind"] = "SelfSubjectAccessReview",
        ["apiVersion"] = "authorization.k8s.io/v1",
        ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        ["spec"] = request?["spec"]?.DeepClone() ?? new JsonObject(),
        ["status"] = new JsonObject { ["allowed"] = true, ["reason"] = "the podvisor token holder may do everything" },
    };

    public static JsonObject SubjectReview() => new()
    {
        ["kind"] = "SelfSubjectReview",
        ["apiVersion"] = "authentication.k8s.io/v1",
        ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        ["status"] = new JsonObject
        {
            ["userInfo"] = new JsonObject
            {
                ["username"] = UserName,
                ["groups"] = new JsonArray("system:masters", "system:authenticated"),
            },
        },
    };
}
