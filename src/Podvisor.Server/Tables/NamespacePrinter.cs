using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printNamespace</c>: NAME STATUS AGE.</summary>
internal sealed class NamespacePrinter : ITablePrinter
{
    public static readonly NamespacePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace.", Format: "name"),
        new("Status", "The status of the namespace"),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectMetadata.Name(obj),
        (string?)obj["status"]?["phase"] ?? string.Empty,
        HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
    ];
}
