using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// Host ports across the pod's containers (validation.go <c>validateHostNetwork</c> and
/// <c>AccumulateUniqueHostPorts</c>): under hostNetwork a port's hostPort must equal its containerPort,
/// and no two ports may claim the same hostIP/protocol/hostPort.
/// </summary>
internal static class HostPortsValidator
{
    public static void Validate(V1PodSpec spec, List<FieldError> errors)
    {
        var containers = spec.Containers ?? [];
        if (spec.HostNetwork == true)
        {
            HostNetwork(spec.InitContainers ?? [], "spec.initContainers", errors);
            HostNetwork(containers, "spec.containers", errors);
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < containers.Count; c++)
        {
            var ports = containers[c].Ports ?? [];
            for (var p = 0; p < ports.Count; p++)
            {
                if (ports[p].HostPort is not { } hostPort || hostPort == 0)
                {
                    continue;
                }

                var key = $"{ports[p].HostIP}/{ports[p].Protocol}/{hostPort}";
                if (!claimed.Add(key))
                {
                    errors.Add(FieldError.Duplicate($"spec.containers[{c}].ports[{p}].hostPort", key));
                }
            }
        }
    }

    private static void HostNetwork(IList<V1Container> containers, string path, List<FieldError> errors)
    {
        for (var c = 0; c < containers.Count; c++)
        {
            var ports = containers[c].Ports ?? [];
            for (var p = 0; p < ports.Count; p++)
            {
                if ((ports[p].HostPort ?? 0) != ports[p].ContainerPort)
                {
                    errors.Add(FieldError.Invalid($"{path}[{c}].ports[{p}].containerPort", ports[p].ContainerPort, "must match `hostPort` when `hostNetwork` is true"));
                }
            }
        }
    }
}
