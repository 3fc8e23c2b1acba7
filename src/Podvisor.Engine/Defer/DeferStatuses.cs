using System.Text.Json;
using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Engine.Defer;

/// <summary>Reads back the defer containers' statuses the engine publishes in <see cref="DeferAnnotation.StatusKey"/>.</summary>
public static class DeferStatuses
{
    /// <summary>In the order they ran; empty when the pod has none yet (or the annotation is not a list of statuses).</summary>
    public static IReadOnlyList<V1ContainerStatus> Read(V1ObjectMeta? metadata)
    {
        if (metadata?.Annotations is not { } annotations || !annotations.TryGetValue(DeferAnnotation.StatusKey, out var json))
        {
            return [];
        }

        try
        {
            return ModelSerializer.Deserialize<List<V1ContainerStatus>>(json) ?? [];
        }
        catch (JsonException)
        {
            // Written only by the engine; a hand-edited annotation (serve) is not worth failing a summary for.
            return [];
        }
    }
}
