using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;

namespace Podvisor.Server.Api;

/// <summary>
/// <c>metav1.Status</c> bodies and the apimachinery error constructors (<c>pkg/api/errors</c>): NotFound,
/// AlreadyExists and Conflict name the <em>resource</em> in <c>details.kind</c>, Invalid names the Kind.
/// </summary>
internal static class ApiStatus
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static ApiException NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} {FieldError.Quote(name)} not found", Details(name, resource));

    public static ApiException AlreadyExists(string resource, string name) =>
        new(409, "AlreadyExists", $"{resource} {FieldError.Quote(name)} already exists", Details(name, resource));

    public static ApiException Conflict(string resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} {FieldError.Quote(name)}: {detail}", Details(name, resource));

    public static ApiException StaleResourceVersion(string resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string method) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource", null);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException ResourceNotFound() => new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    /// <summary>422 Invalid, as <c>errors.NewInvalid</c>: the message aggregates the field errors, <c>causes</c> lists them.</summary>
    /// <param name="group">The API group: the message names the qualified kind (<c>Deployment.apps</c>, GroupKind.String()), details carry it apart.</param>
    public static ApiException Invalid(string kind, string name, IReadOnlyList<FieldError> errors, string? group = null)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add((JsonNode?)new JsonObject { ["reason"] = error.Reason, ["message"] = error.Message, ["field"] = error.Field });
        }

        var details = new JsonObject { ["name"] = name, ["kind"] = kind, ["causes"] = causes };
        if (group is not null)
        {
            details["group"] = group;
        }

        var qualified = group is null ? kind : kind + "." + group;
        return new ApiException(422, "Invalid", InvalidObjectMessage.ForApi(qualified, name, errors), details);
    }

    /// <summary>
    /// 422 for invalid request options (<c>ListOptions</c>, <c>DeleteOptions</c>), in the <c>meta.k8s.io</c> group
    /// as apimachinery's <c>ValidateListOptions</c> callers report them.
    /// </summary>
    public static ApiException InvalidOptions(string kind, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add((JsonNode?)new JsonObject { ["reason"] = error.Reason, ["message"] = error.Message, ["field"] = error.Field });
        }

        var message = InvalidObjectMessage.ForApi(kind + ".meta.k8s.io", string.Empty, errors);
        return new ApiException(422, "Invalid", message, new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = kind, ["causes"] = causes });
    }

    /// <summary>
    /// 504 Timeout for a resourceVersion the server has not reached: apiserver's storage
    /// <c>NewTooLargeResourceVersionError</c> (staging/src/k8s.io/apiserver/pkg/storage/errors.go), retry after 1 s.
    /// </summary>
    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    public static JsonObject Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    public static JsonObject Success(string name, string kind, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["kind"] = kind };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    private static JsonObject Details(string name, string resource) => new() { ["name"] = name, ["kind"] = resource };
}
