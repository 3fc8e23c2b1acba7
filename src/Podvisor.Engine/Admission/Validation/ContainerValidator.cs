using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// Regular and init containers (validation.go <c>validateContainers</c>, <c>validateInitContainers</c>,
/// <c>validateContainerCommon</c>), in upstream order: regular containers first, so a name shared
/// with an init container is reported on the init container.
/// </summary>
internal static class ContainerValidator
{
    private const string InitContainerForbidden = "may not be set for init containers without restartPolicy=Always";
    private static readonly string[] SupportedTerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] SupportedPullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] SupportedInitRestartPolicies = ["Always"];

    public static void Containers(V1PodSpec spec, string path, List<FieldError> errors)
    {
        var containers = spec.Containers;
        if (containers is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path));
            return;
        }

        var grace = spec.TerminationGracePeriodSeconds;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var at = $"{path}[{i}]";
            Common(container, at, VolumeValidator.ValidNames(spec), errors);
            if (!names.Add(container.Name ?? string.Empty))
            {
                errors.Add(FieldError.Duplicate($"{at}.name", container.Name ?? string.Empty));
            }

            if (container.Lifecycle is { } lifecycle)
            {
                HandlerValidator.Lifecycle(lifecycle, grace, spec.Os, $"{at}.lifecycle", errors);
            }

            HandlerValidator.LivenessOrStartupProbe(container.LivenessProbe, grace, $"{at}.livenessProbe", errors);
            HandlerValidator.ReadinessProbe(container.ReadinessProbe, grace, $"{at}.readinessProbe", errors);
            HandlerValidator.LivenessOrStartupProbe(container.StartupProbe, grace, $"{at}.startupProbe", errors);
            if (container.RestartPolicy is not null)
            {
                errors.Add(FieldError.Forbidden($"{at}.restartPolicy", "may not be set for non-init containers"));
            }
        }
    }

    public static void InitContainers(V1PodSpec spec, string path, List<FieldError> errors)
    {
        if (spec.InitContainers is not { } initContainers)
        {
            return;
        }

        var grace = spec.TerminationGracePeriodSeconds;
        var names = new HashSet<string>(spec.Containers?.Select(c => c.Name ?? string.Empty) ?? [], StringComparer.Ordinal);
        for (var i = 0; i < initContainers.Count; i++)
        {
            var container = initContainers[i];
            var at = $"{path}[{i}]";
            Common(container, at, VolumeValidator.ValidNames(spec), errors);
            var sidecar = false;
            if (container.RestartPolicy is { } restartPolicy)
            {
                if (restartPolicy != "Always")
                {
                    errors.Add(FieldError.NotSupported($"{at}.restartPolicy", restartPolicy, SupportedInitRestartPolicies));
                }

                sidecar = restartPolicy == "Always";
            }

            if (names.Contains(container.Name ?? string.Empty))
            {
                errors.Add(FieldError.Duplicate($"{at}.name", container.Name ?? string.Empty));
            }
            else if (!string.IsNullOrEmpty(container.Name))
            {
                names.Add(container.Name);
            }

            if (sidecar)
            {
                // A sidecar runs alongside the app, so it gets hooks and probes like a regular container.
                if (container.Lifecycle is { } lifecycle)
                {
                    HandlerValidator.Lifecycle(lifecycle, grace, spec.Os, $"{at}.lifecycle", errors);
                }

                HandlerValidator.LivenessOrStartupProbe(container.LivenessProbe, grace, $"{at}.livenessProbe", errors);
                HandlerValidator.ReadinessProbe(container.ReadinessProbe, grace, $"{at}.readinessProbe", errors);
                HandlerValidator.LivenessOrStartupProbe(container.StartupProbe, grace, $"{at}.startupProbe", errors);
                continue;
            }

            // A run-to-completion init container is never "ready" or "live": these cannot apply.
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
            errors.Add(FieldError.Forbidden(path, InitContainerForbidden));
        }
    }

    internal static void Common(V1Container container, string at, IReadOnlySet<string> volumes, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(container.Name))
        {
            errors.Add(FieldError.Required($"{at}.name"));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Label(container.Name))
            {
                errors.Add(FieldError.Invalid($"{at}.name", container.Name, message));
            }
        }

        if (string.IsNullOrEmpty(container.Image))
        {
            errors.Add(FieldError.Required($"{at}.image"));
        }
        else if (container.Image.Trim().Length != container.Image.Length)
        {
            errors.Add(FieldError.Invalid($"{at}.image", container.Image, "must not have leading or trailing whitespace"));
        }

        switch (container.TerminationMessagePolicy)
        {
            case "File" or "FallbackToLogsOnError":
                break;
            case null or "":
                errors.Add(FieldError.Required($"{at}.terminationMessagePolicy"));
                break;
            default:
                errors.Add(FieldError.NotSupported($"{at}.terminationMessagePolicy", container.TerminationMessagePolicy, SupportedTerminationMessagePolicies));
                break;
        }

        PortsValidator.Validate(container.Ports, $"{at}.ports", errors);
        EnvValidator.EnvFrom(container.EnvFrom, $"{at}.envFrom", errors);
        EnvValidator.Validate(container.Env, $"{at}.env", errors);
        VolumeValidator.Mounts(container.VolumeMounts, volumes, $"{at}.volumeMounts", errors);
        ResourcesValidator.Validate(container.Resources, $"{at}.resources", errors);
        SecurityContextValidator.Container(container.SecurityContext, $"{at}.securityContext", errors);
        switch (container.ImagePullPolicy)
        {
            case "Always" or "IfNotPresent" or "Never":
                break;
            case null or "":
                errors.Add(FieldError.Required($"{at}.imagePullPolicy"));
                break;
            default:
                errors.Add(FieldError.NotSupported($"{at}.imagePullPolicy", container.ImagePullPolicy, SupportedPullPolicies));
                break;
        }
    }
}
