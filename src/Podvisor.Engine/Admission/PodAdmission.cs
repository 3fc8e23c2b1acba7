using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Config;

namespace Podvisor.Engine.Admission;

/// <summary>
/// The one admission path of <c>run</c> and <c>serve</c>: decode (strict) → default → validate → unhonoured fields,
/// every error at once and typed (<see cref="AdmissionError"/>). <see cref="Admit"/> takes a batch of sources, as
/// <c>run</c> reads them; the server takes the stages one object at a time (<see cref="ManifestDecoder"/> for a
/// request body, <see cref="Review"/> for the decoded pod) and maps their errors to a <c>Status</c>.
/// </summary>
public sealed class PodAdmission(TimeProvider time)
{
    private readonly PodDefaulter _defaulter = new(time);

    /// <summary>
    /// The per-pod stage: finds the unhonoured fields on the pod as written (defaulted fields such as tolerations are
    /// not the user's asks), applies the API defaults in place, and validates.
    /// </summary>
    public PodReview Review(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var unhonoured = UnhonouredFields.Find(pod);
        _defaulter.Apply(pod);
        return new PodReview(PodValidator.Validate(pod), unhonoured);
    }

    /// <summary>Admits <c>run</c>'s manifests as one batch: every pod, ConfigMap and Secret, every error at once (<c>--strict</c> refuses unhonoured fields).</summary>
    public AdmissionResult Admit(IReadOnlyList<ManifestSource> sources, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var decoded = new List<DecodedPod>();
        var configs = new DecodedConfigObjects();
        var decodeErrors = new List<DecodeError>();
        foreach (var source in sources)
        {
            ManifestDecoder.Decode(source, decoded, decodeErrors, configs);
        }

        var errors = new List<AdmissionError>(decodeErrors.Select(e => new ManifestNotDecoded(e)));
        var configMaps = ConfigObjectAdmission.Admit(configs.ConfigMaps, "ConfigMap", "configmaps", c => c.Metadata, ConfigObjectValidator.Validate, errors);
        var secrets = ConfigObjectAdmission.Admit(configs.Secrets, "Secret", "secrets", s => s.Metadata, s =>
        {
            SecretStringData.Merge(s);
            return ConfigObjectValidator.Validate(s);
        }, errors);

        var admitted = new List<V1Pod>();
        var warnings = new List<string>();
        var firstSeen = new Dictionary<(string Namespace, string Name), string>();
        foreach (var (pod, at) in decoded)
        {
            var origin = at.ToString();
            var review = Review(pod);
            var name = pod.Metadata.Name ?? string.Empty;
            if (!options.Strict)
            {
                var prefix = decoded.Count > 1 ? $"Pod {FieldError.Quote(name)}: " : string.Empty;
                warnings.AddRange(review.Warnings.Select(w => prefix + w));
            }

            if (review.Refusals(options.Strict) is { Count: > 0 } refusals)
            {
                errors.Add(new ObjectInvalid(origin, "Pod", name, refusals));
                continue;
            }

            var key = (pod.Metadata.NamespaceProperty, name);
            if (firstSeen.TryGetValue(key, out var first))
            {
                // What a second create of the same object gets from the apiserver (AlreadyExists).
                errors.Add(new ObjectDuplicated(origin, "pods", key.NamespaceProperty, name, first));
                continue;
            }

            firstSeen.Add(key, origin);
            admitted.Add(pod);
        }

        return errors.Count == 0
            ? new AdmissionResult(admitted, errors, warnings) { ConfigMaps = configMaps, Secrets = secrets }
            : new AdmissionResult([], errors, warnings);
    }
}
