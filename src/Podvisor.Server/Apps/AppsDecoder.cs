using System.Text.Json;
using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Api;

namespace Podvisor.Server.Apps;

/// <summary>
/// Decodes an apps/v1 body honouring <c>fieldValidation</c> as the apiserver does: <c>Strict</c> refuses unknown
/// fields (400 <c>strict decoding error</c>), <c>Warn</c> (the default) returns them as warnings, <c>Ignore</c> drops them.
/// </summary>
internal static class AppsDecoder
{
    public static T Decode<T>(JsonObject body, string kind, string? fieldValidation, List<string> warnings)
    {
        var prefix = $"{kind} in version \"v1\" cannot be handled as a {kind}: ";
        var mode = fieldValidation ?? "Warn";
        if (mode is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiStatus.BadRequest($"fieldValidation parameter unsupported: {mode}");
        }

        var text = body.ToJsonString();
        if (mode != "Ignore")
        {
            var findings = ModelSchemaCheck.Check(text, typeof(T));
            var unknown = findings.UnknownFields.Select(f => $"unknown field {FieldError.Quote(f)}").ToList();
            if (findings.TypeErrors.Count > 0)
            {
                throw ApiStatus.BadRequest(prefix + string.Join("; ", findings.TypeErrors));
            }

            if (unknown.Count > 0 && mode == "Strict")
            {
                throw ApiStatus.BadRequest(prefix + "strict decoding error: " + string.Join(", ", unknown));
            }

            warnings.AddRange(unknown);
        }

        try
        {
            return ModelSerializer.Deserialize<T>(text) ?? throw ApiStatus.BadRequest(prefix + "empty body");
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest(prefix + e.Message);
        }
    }
}
