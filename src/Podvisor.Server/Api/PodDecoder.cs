using System.Text.Json;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Engine.Serialization;

namespace Podvisor.Server.Api;

/// <summary>
/// Admission's decode stage for one request body, honouring <c>fieldValidation</c>: <c>Strict</c> refuses unknown and
/// duplicate fields (400, the apiserver's <c>cannot be handled as a Pod: strict decoding error</c>),
/// <c>Warn</c> reports them as warnings, <c>Ignore</c> drops them.
/// </summary>
internal static class PodDecoder
{
    private const string Prefix = "Pod in version \"v1\" cannot be handled as a Pod: ";

    public static V1Pod Decode(string body, string? fieldValidation, List<string> warnings)
    {
        var mode = fieldValidation ?? "Warn";
        if (mode is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiStatus.BadRequest($"fieldValidation parameter unsupported: {mode}");
        }

        if (mode != "Ignore")
        {
            var pods = new List<DecodedPod>();
            var errors = new List<DecodeError>();
            ManifestDecoder.Decode(new ManifestSource(string.Empty, body), pods, errors);
            if (errors.Count == 0 && pods.Count == 1)
            {
                return pods[0].Pod;
            }

            if (mode == "Strict" || errors.Count == 0 || errors.Any(e => e.Kind != DecodeErrorKind.UnknownFields || e.Document is not null))
            {
                throw ApiStatus.BadRequest(Prefix + (errors.Count > 0 ? string.Join("; ", errors.Select(Message)) : "expected a single Pod"));
            }

            // Under Warn the unknown fields are dropped, one warning per object as apimachinery joins them.
            warnings.AddRange(errors.Select(e => string.Join(", ", e.UnknownFields.Select(f => $"unknown field {FieldError.Quote(f)}"))));
        }

        try
        {
            return ModelSerializer.Deserialize<V1Pod>(body) ?? throw ApiStatus.BadRequest(Prefix + "empty body");
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest(Prefix + e.Message);
        }
    }

    /// <summary>The decoder's message without a source (a body has no file); a body of several documents says which.</summary>
    private static string Message(DecodeError error) =>
        error.Position is null && error.Document is { } document ? $"document {document}: {error.Message}" : error.Message;
}
