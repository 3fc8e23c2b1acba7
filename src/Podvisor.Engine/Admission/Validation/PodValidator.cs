using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// Validates a defaulted pod as the apiserver's <c>ValidatePodCreate</c> does and returns every
/// error in upstream order: metadata, then the spec fields in <c>ValidatePodSpec</c> order.
/// </summary>
public static class PodValidator
{
    private static readonly string[] SupportedRestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] SupportedDnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];

    /// <summary>Every validation error of a defaulted pod, in the apiserver's order; empty when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(V1Pod pod)
    {
        var errors = new List<FieldError>();
        Metadata(pod.Metadata, errors);
        if (pod.Metadata is { } metadata)
        {
            MetadataValidator.Validate(metadata, errors);
        }

        Spec(pod.Spec ?? new V1PodSpec(), errors);

        // podvisor's own: the defer containers annotation, validated like init containers.
        DeferContainerValidator.Validate(pod, errors);
        return errors;
    }

    private static void Metadata(V1ObjectMeta? metadata, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metadata?.Name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Subdomain(metadata.Name))
            {
                errors.Add(FieldError.Invalid("metadata.name", metadata.Name, message));
            }
        }

        if (string.IsNullOrEmpty(metadata?.NamespaceProperty))
        {
            errors.Add(FieldError.Required("metadata.namespace"));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Label(metadata.NamespaceProperty))
            {
                errors.Add(FieldError.Invalid("metadata.namespace", metadata.NamespaceProperty, message));
            }
        }
    }

    private static void Spec(V1PodSpec spec, List<FieldError> errors)
    {
        VolumeValidator.Volumes(spec, "spec.volumes", errors);
        ContainerValidator.Containers(spec, "spec.containers", errors);
        ContainerValidator.InitContainers(spec, "spec.initContainers", errors);
        HostPortsValidator.Validate(spec, errors);
        SecurityContextValidator.Pod(spec, errors);
        if (!SupportedRestartPolicies.Contains(spec.RestartPolicy ?? string.Empty, StringComparer.Ordinal))
        {
            errors.Add(string.IsNullOrEmpty(spec.RestartPolicy)
                ? FieldError.Required("spec.restartPolicy")
                : FieldError.NotSupported("spec.restartPolicy", spec.RestartPolicy, SupportedRestartPolicies));
        }

        if (!SupportedDnsPolicies.Contains(spec.DnsPolicy ?? string.Empty, StringComparer.Ordinal))
        {
            errors.Add(string.IsNullOrEmpty(spec.DnsPolicy)
                ? FieldError.Required("spec.dnsPolicy")
                : FieldError.NotSupported("spec.dnsPolicy", spec.DnsPolicy, SupportedDnsPolicies));
        }

        if (!string.IsNullOrEmpty(spec.SchedulerName))
        {
            errors.AddRange(NameRules.Dns1123Subdomain(spec.SchedulerName).Select(m => FieldError.Invalid("spec.schedulerName", spec.SchedulerName, m)));
        }

        // ValidatePodCreate: ephemeral containers are added later through their own subresource.
        if (spec.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldError.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }

        if (spec.ActiveDeadlineSeconds is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", deadline, $"must be between 1 and {int.MaxValue}, inclusive"));
        }
    }
}
