using k8s.Models;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>A pod read from a manifest, with where it came from for messages (<c>pod.yaml: document 2</c>).</summary>
public sealed record DecodedPod(V1Pod Pod, ObjectOrigin Origin);
