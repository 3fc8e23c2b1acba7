using k8s.Models;

namespace Podvisor.Engine.Pods;

/// <summary>The pod's <c>status.qosClass</c> (pkg/apis/core/helper/qos), from requests and limits.</summary>
public static class QosClassifier
{
    /// <summary><c>Guaranteed</c>, <c>Burstable</c> or <c>BestEffort</c>.</summary>
    public static string Classify(V1PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers).ToList();
        var any = containers.Any(c => c.Resources?.Requests?.Count > 0 || c.Resources?.Limits?.Count > 0);
        if (!any)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c =>
            c.Resources?.Limits is { } limits
            && limits.ContainsKey("cpu") && limits.ContainsKey("memory")
            && (c.Resources.Requests is null || c.Resources.Requests.All(r => limits.TryGetValue(r.Key, out var l) && l.Equals(r.Value))));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
