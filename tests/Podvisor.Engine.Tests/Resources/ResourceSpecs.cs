using k8s.Models;

namespace Podvisor.Engine.Tests.Resources;

/// <summary>Containers and pods with the requests and limits a table row names ("-" for none).</summary>
internal static class ResourceSpecs
{
    public static V1Container Container(string name, string requestCpu, string limitCpu, string requestMemory, string limitMemory)
    {
        static Dictionary<string, ResourceQuantity>? Of(string cpu, string memory)
        {
            var quantities = new Dictionary<string, ResourceQuantity>();
            if (cpu != "-")
            {
                quantities["cpu"] = new ResourceQuantity(cpu);
            }

            if (memory != "-")
            {
                quantities["memory"] = new ResourceQuantity(memory);
            }

            return quantities.Count == 0 ? null : quantities;
        }

        var requests = Of(requestCpu, requestMemory);
        var limits = Of(limitCpu, limitMemory);
        return new V1Container
        {
            Name = name,
            Image = "busybox",
            Resources = requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits },
        };
    }

    public static V1PodSpec Pod(params V1Container[] containers) => new() { Containers = [.. containers] };
}
