using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Config;

namespace Podvisor.Engine.Admission;

/// <summary>Loads manifests strictly, applies API defaults and validates, reporting every error at once.</summary>
internal sealed class PodAdmission(TimeProvider time)
{
    private readonly PodDefaulter _defaulter = new(time);

    public AdmissionResult Admit(IReadOnlyList<ManifestSource> sources, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var decoded = new List<DecodedPod>();
        var configs = new DecodedConfigObjects();
        var errors = new List<string>();
        foreach (var source in sources)
        {
            ManifestDecoder.Decode(source, decoded, errors, configs);
        }

        var configMaps = ConfigObjectAdmission.Admit(configs.ConfigMaps, "ConfigMap", "configmaps", c => c.Metadata, ConfigObjectValidator.Validate, errors);
        var secrets = ConfigObjectAdmission.Admit(configs.Secrets, "Secret", "secrets", s => s.Metadata, s =>
        {
            SecretStringData.Merge(s);
            return ConfigObjectValidator.Validate(s);
        }, errors);

        var admitted = new List<V1Pod>();
        var warnings = new List<string>();
        var firstSeen = new Dictionary<(string Namespace, string Name), string>();
        foreach (var (pod, origin) in decoded)
        {
            // Judged on the pod as written: defaulted fields (tolerations, securityContext) are not the user's asks.
            var unhonoured = UnhonouredFields.Find(pod);
            _defaulter.Apply(pod);
            var fieldErrors = PodValidator.Validate(pod).ToList();
            var name = pod.Metadata.Name ?? string.Empty;
            if (options.Strict)
            {
                fieldErrors.AddRange(unhonoured);
            }
            else
            {
                var prefix = decoded.Count > 1 ? $"Pod {FieldError.Quote(name)}: " : string.Empty;
                warnings.AddRange(unhonoured.Select(u => prefix + UnhonouredFields.ToWarning(u)));
            }

            if (fieldErrors.Count > 0)
            {
                errors.Add(InvalidPodMessage.ForKubectl(name, fieldErrors));
                continue;
            }

            var key = (pod.Metadata.NamespaceProperty, name);
            if (firstSeen.TryGetValue(key, out var first))
            {
                // What a second create of the same object gets from the apiserver (AlreadyExists).
                errors.Add($"{origin}: pods {FieldError.Quote(name)} already exists in namespace {FieldError.Quote(key.NamespaceProperty)} (first defined in {first})");
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
