using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printDeployment</c> (pkg/printers/internalversion/printers.go): NAME READY UP-TO-DATE AVAILABLE AGE, and the wide columns.</summary>
internal sealed class DeploymentPrinter : ITablePrinter
{
    public static readonly DeploymentPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", Format: "name"),
        new("Ready", "Number of the pod with ready state"),
        new("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        new("Containers", WorkloadCells.ContainersDescription, Priority: 1),
        new("Images", WorkloadCells.ImagesDescription, Priority: 1),
        new("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var (containers, images, selector) = WorkloadCells.Of(obj);
        var desired = WorkloadCells.Count(obj, "spec", "replicas");
        var ready = WorkloadCells.Count(obj, "status", "readyReplicas");
        return
        [
            ObjectMetadata.Name(obj),
            string.Create(CultureInfo.InvariantCulture, $"{ready}/{desired}"),
            WorkloadCells.Count(obj, "status", "updatedReplicas"),
            WorkloadCells.Count(obj, "status", "availableReplicas"),
            HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
            containers,
            images,
            selector,
        ];
    }
}
