using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printReplicaSet</c> (pkg/printers/internalversion/printers.go): NAME DESIRED CURRENT READY AGE, and the wide columns.</summary>
internal sealed class ReplicaSetPrinter : ITablePrinter
{
    public static readonly ReplicaSetPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", Format: "name"),
        new("Desired", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works", Type: "integer"),
        new("Current", "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works", Type: "integer"),
        new("Ready", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.", Type: "integer"),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        new("Containers", WorkloadCells.ContainersDescription, Priority: 1),
        new("Images", WorkloadCells.ImagesDescription, Priority: 1),
        new("Selector", "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (containers, images, selector) = WorkloadCells.Of(obj);
        return
        [
            ObjectMetadata.Name(obj),
            WorkloadCells.Count(obj, "spec", "replicas"),
            WorkloadCells.Count(obj, "status", "replicas"),
            WorkloadCells.Count(obj, "status", "readyReplicas"),
            HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
            containers,
            images,
            selector,
        ];
    }
}
