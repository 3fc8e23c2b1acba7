using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Server.Api;

/// <summary>
/// Decodes a request body into a Pod honouring <c>fieldValidation</c>: <c>Strict</c> refuses unknown and
/// duplicate fields (400, the apiserver's <c>cannot be handled as a Pod: strict decoding error</c>),
/// <c>Warn</c> reports them as warnings, <c>Ignore</c> drops them.
/// </summary>
internal static partial class PodDecoder
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
            var errors = new List<string>();
            ManifestDecoder.Decode(new ManifestSource(string.Empty, body), pods, errors);
            if (errors.Count == 0 && pods.Count == 1)
            {
                return pods[0].Pod;
            }

            var messages = errors.Select(e => Origin().Replace(e, string.Empty)).ToList();
            if (mode == "Strict" || messages.Any(m => !m.StartsWith("strict decoding error", StringComparison.Ordinal)))
            {
                throw ApiStatus.BadRequest(Prefix + (messages.Count > 0 ? string.Join("; ", messages) : "expected a single Pod"));
            }

            warnings.AddRange(messages.Select(m => m["strict decoding error: ".Length..]));
        }

        try
        {
            return KubernetesJson.Deserialize<V1Pod>(body) ?? throw ApiStatus.BadRequest(Prefix + "empty body");
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest(Prefix + e.Message);
        }
    }

    /// <summary>The decoder prefixes messages with the (here empty) file name and a line:column.</summary>
    [GeneratedRegex(@"^(:\d+:\d+)?: ")]
    private static partial Regex Origin();
}
