using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printConfigMap</c> (pkg/printers/internalversion/printers.go): NAME DATA AGE, DATA counting both maps.</summary>
internal sealed class ConfigMapPrinter : ITablePrinter
{
    public static readonly ConfigMapPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace.", Format: "name"),
        new("Data", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectMetadata.Name(obj),
        (long)(Count(obj["data"]) + Count(obj["binaryData"])),
        HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
    ];

    internal static int Count(JsonNode? map) => map is JsonObject entries ? entries.Count : 0;
}
