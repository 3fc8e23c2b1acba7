using k8s.Models;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>The ConfigMaps and Secrets read from manifests beside the pods, each with where it came from for messages.</summary>
internal sealed class DecodedConfigObjects
{
    public List<(V1ConfigMap Object, ObjectOrigin Origin)> ConfigMaps { get; } = [];

    public List<(V1Secret Object, ObjectOrigin Origin)> Secrets { get; } = [];
}
