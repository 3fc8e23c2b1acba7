using System.Globalization;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary><c>metav1.DeleteOptions</c> from the body and the query (the query wins, as upstream).</summary>
internal sealed record DeleteOptions(long? GracePeriodSeconds, string? PreconditionUid, string? PreconditionResourceVersion, string? PropagationPolicy)
{
    /// <summary><c>dryRun: ["All"]</c> in the body (kubectl sends it there for DELETE) or <c>?dryRun=All</c>.</summary>
    public bool DryRun { get; init; }

    public static DeleteOptions Parse(JsonObject? body, Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        long? grace = body?["gracePeriodSeconds"] switch
        {
            null => null,
            JsonValue g when g.TryGetValue<long>(out var seconds) => seconds,
            var other => throw ApiStatus.BadRequest($"DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: json: cannot unmarshal {other.ToJsonString()} into Go struct field DeleteOptions.gracePeriodSeconds of type int64"),
        };
        if (query.TryGetValue("gracePeriodSeconds", out var text) && text.Count > 0)
        {
            grace = long.TryParse(text[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw ApiStatus.BadRequest($"gracePeriodSeconds: invalid value \"{text[0]}\"");
        }

        var policy = (string?)body?["propagationPolicy"];
        if (query.TryGetValue("propagationPolicy", out var p) && p.Count > 0)
        {
            policy = p[0];
        }

        if (policy is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw new ApiException(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }

        var values = (body?["dryRun"] as JsonArray)?.Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : v?.ToJsonString() ?? "null").ToList() ?? [];
        if (query.TryGetValue("dryRun", out var d))
        {
            values = d.Select(v => v ?? string.Empty).ToList();
        }

        DryRunValues.Check("DeleteOptions", values);
        var dryRun = values.Count > 0;
        return new DeleteOptions(
            grace,
            (string?)body?["preconditions"]?["uid"],
            (string?)body?["preconditions"]?["resourceVersion"],
            policy)
        {
            DryRun = dryRun,
        };
    }
}
