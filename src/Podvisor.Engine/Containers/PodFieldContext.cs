using k8s.Models;

namespace Podvisor.Engine.Containers;

/// <summary>The downward-API values a container may read through <c>env[].valueFrom.fieldRef</c>.</summary>
internal sealed record PodFieldContext(V1ObjectMeta Metadata, string NodeName, string ServiceAccountName, string HostIp, string PodIp)
{
    public string? Resolve(string fieldPath)
    {
        switch (fieldPath)
        {
            case "metadata.name": return Metadata.Name;
            case "metadata.namespace": return Metadata.NamespaceProperty;
            case "metadata.uid": return Metadata.Uid;
            case "spec.nodeName": return NodeName;
            case "spec.serviceAccountName": return ServiceAccountName;
            case "status.hostIP" or "status.hostIPs": return HostIp;
            case "status.podIP" or "status.podIPs": return PodIp;
        }

        return TryMapKey(fieldPath, "metadata.labels", Metadata.Labels)
            ?? TryMapKey(fieldPath, "metadata.annotations", Metadata.Annotations);
    }

    private static string? TryMapKey(string fieldPath, string prefix, IDictionary<string, string>? map)
    {
        // metadata.labels['key'] selects one key; the bare map is only valid in volumes.
        if (!fieldPath.StartsWith(prefix + "['", StringComparison.Ordinal) || !fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }

        var key = fieldPath[(prefix.Length + 2)..^2];
        return map is not null && map.TryGetValue(key, out var value) ? value : string.Empty;
    }
}
