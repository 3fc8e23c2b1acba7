using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>A container's <c>ports</c> (validation.go <c>validateContainerPorts</c>).</summary>
internal static class PortsValidator
{
    // sets.List order: sorted.
    private static readonly string[] SupportedProtocols = ["SCTP", "TCP", "UDP"];

    public static void Validate(IList<V1ContainerPort>? ports, string path, List<FieldError> errors)
    {
        if (ports is null)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var at = $"{path}[{i}]";
            if (!string.IsNullOrEmpty(port.Name))
            {
                var messages = NameRules.PortName(port.Name);
                foreach (var message in messages)
                {
                    errors.Add(FieldError.Invalid($"{at}.name", port.Name, message));
                }

                if (messages.Count == 0 && !names.Add(port.Name))
                {
                    errors.Add(FieldError.Duplicate($"{at}.name", port.Name));
                }
            }

            if (port.ContainerPort == 0)
            {
                errors.Add(FieldError.Required($"{at}.containerPort"));
            }
            else if (!NameRules.IsValidPort(port.ContainerPort))
            {
                errors.Add(FieldError.Invalid($"{at}.containerPort", port.ContainerPort, NameRules.PortRangeMessage));
            }

            if (port.HostPort is { } hostPort and not 0 && !NameRules.IsValidPort(hostPort))
            {
                errors.Add(FieldError.Invalid($"{at}.hostPort", hostPort, NameRules.PortRangeMessage));
            }

            if (string.IsNullOrEmpty(port.Protocol))
            {
                errors.Add(FieldError.Required($"{at}.protocol"));
            }
            else if (!SupportedProtocols.Contains(port.Protocol, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported($"{at}.protocol", port.Protocol, SupportedProtocols));
            }
        }
    }
}
