using k8s.Models;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Status;

/// <summary>
/// The pod's API status as a pure function of its spec and the runtime records (kubelet
/// <c>generateAPIPodStatus</c>): phase, conditions, and container statuses in the API's order.
/// </summary>
internal static class PodStatusGenerator
{
    public static V1PodStatus Generate(PodStatusInput input)
    {
        var init = new List<V1ContainerStatus>();
        var regular = new List<V1ContainerStatus>();
        var kinds = new List<(ContainerKind Kind, V1ContainerStatus Status)>();
        foreach (var record in input.Containers)
        {
            var containerStatus = ContainerStatusGenerator.Generate(record, input);
            (record.Definition.IsInit ? init : regular).Add(containerStatus);
            kinds.Add((record.Definition.Kind, containerStatus));
        }

        var phase = PhaseCalculator.Compute(input.Pod, kinds, input.Terminal, input.Previous?.Phase);
        if (input.Terminal && phase is not (PhaseCalculator.Succeeded or PhaseCalculator.Failed))
        {
            // A pod the kubelet has finished with always reports a terminal phase (kubelet, since 1.27).
            phase = PhaseCalculator.Failed;
        }

        var status = new V1PodStatus
        {
            Phase = phase,
            Conditions = ConditionGenerator.Generate(input.Pod, kinds, phase, sandboxReady: !input.Terminal, input.Previous, input.Now),
            HostIP = input.HostIp,
            HostIPs = [new V1HostIP { Ip = input.HostIp }],
            PodIP = input.PodIp,
            PodIPs = [new V1PodIP { Ip = input.PodIp }],
            StartTime = input.StartTime.UtcDateTime,
            InitContainerStatuses = init.Count > 0 ? init : null,
            ContainerStatuses = regular.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(),
            QosClass = input.QosClass,
        };

        if (phase == input.Previous?.Phase)
        {
            status.Reason = input.Previous.Reason;
            status.Message = input.Previous.Message;
        }

        return status;
    }
}
