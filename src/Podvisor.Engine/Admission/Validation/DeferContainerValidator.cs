using k8s.Models;
using Podvisor.Engine.Defer;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// Defer containers (<see cref="DeferAnnotation"/>) are validated like run-to-completion init containers: the common
/// container rules, names unique across every container of the pod, and no hooks, probes or restartPolicy (a defer
/// container runs once, to completion, while the pod terminates). Paths use the annotation's pseudo-path.
/// </summary>
internal static class DeferContainerValidator
{
    private const string DeferForbidden = "may not be set for defer containers";

    public static void Validate(V1Pod pod, List<FieldError> errors)
    {
        var defers = DeferAnnotation.Read(pod.Metadata, errors);
        var spec = pod.Spec ?? new V1PodSpec();
        var names = new HashSet<string>(
            (spec.Containers ?? []).Concat(spec.InitContainers ?? []).Select(c => c.Name ?? string.Empty), StringComparer.Ordinal);
        var volumes = VolumeValidator.ValidNames(spec);
        for (var i = 0; i < defers.Count; i++)
        {
            var container = defers[i];
            var at = $"{DeferAnnotation.Path}[{i}]";

            // Defaulted as the apiserver defaults every container, so only what the user wrote can be wrong.
            PodDefaulter.Container(container, spec.HostNetwork == true);
            ContainerValidator.Common(container, at, volumes, errors);
            if (!string.IsNullOrEmpty(container.Name) && !names.Add(container.Name))
            {
                errors.Add(FieldError.Duplicate($"{at}.name", container.Name));
            }

            ForbidIfSet(container.RestartPolicy, $"{at}.restartPolicy", errors);
            ForbidIfSet(container.Lifecycle, $"{at}.lifecycle", errors);
            ForbidIfSet(container.LivenessProbe, $"{at}.livenessProbe", errors);
            ForbidIfSet(container.ReadinessProbe, $"{at}.readinessProbe", errors);
            ForbidIfSet(container.StartupProbe, $"{at}.startupProbe", errors);
        }
    }

    private static void ForbidIfSet(object? value, string path, List<FieldError> errors)
    {
        if (value is not null)
        {
            errors.Add(FieldError.Forbidden(path, DeferForbidden));
        }
    }
}
