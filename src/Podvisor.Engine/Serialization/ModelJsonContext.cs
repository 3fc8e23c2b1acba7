using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Podvisor.Engine.Serialization;

/// <summary>
/// Source-generated JSON metadata for the Kubernetes objects podvisor reads and writes, and every type they contain,
/// with the options of KubernetesClient's <c>KubernetesJson</c> (camelCase, nulls omitted, enums as strings, its
/// RFC 3339 date and ISO 8601 duration converters; not its <c>V1Status</c> converter, whose writing throws and which
/// podvisor never needs: the server builds its Status objects as JSON nodes). Why not <c>KubernetesJson</c>: its
/// static initialiser roots KubernetesClient's <c>SourceGenerationContext</c>, whose metadata covers every model type of
/// every API group (≈ 1,000). In the Native AOT podvisor that metadata was most of the 17.5 MB of type data the runtime
/// rehydrates before <c>Main</c>, and most of a single-pod run's anonymous memory; the closure of these roots is a
/// fraction of it. A type outside it fails loudly (<see cref="ModelSerializer"/>), never by falling back to reflection.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters =
    [
        typeof(KubernetesJson.Iso8601TimeSpanConverter),
        typeof(KubernetesJson.KubernetesDateTimeConverter),
        typeof(KubernetesJson.KubernetesDateTimeOffsetConverter),
    ])]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(List<V1ContainerStatus>))]
// What the models' object-typed fields (managedFields[].fieldsV1) hold once read: System.Text.Json reads them as JsonElement.
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
