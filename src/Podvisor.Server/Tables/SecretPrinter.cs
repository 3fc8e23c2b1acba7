using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printSecret</c> (pkg/printers/internalversion/printers.go): NAME TYPE DATA AGE.</summary>
internal sealed class SecretPrinter : ITablePrinter
{
    public static readonly SecretPrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace.", Format: "name"),
        new("Type", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
        new("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectMetadata.Name(obj),
        (string?)obj["type"] ?? string.Empty,
        (long)ConfigMapPrinter.Count(obj["data"]),
        HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
    ];
}
