using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Builds <c>meta.k8s.io/v1</c> Tables as the apiserver's <c>TableConvertor</c> does.</summary>
internal static class TableBuilder
{
    public static JsonObject Build(ITablePrinter printer, IEnumerable<JsonObject> items, string? resourceVersion, bool withColumns, string includeObject, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add((JsonNode?)Row(printer, item, includeObject, now));
        }

        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = withColumns ? Columns(printer) : null,
            ["rows"] = rows,
        };
    }

    private static JsonArray Columns(ITablePrinter printer)
    {
        var columns = new JsonArray();
        foreach (var column in printer.Columns)
        {
            columns.Add((JsonNode?)new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        return columns;
    }

    private static JsonObject Row(ITablePrinter printer, JsonObject item, string includeObject, DateTimeOffset now)
    {
        var row = new JsonObject { ["cells"] = new JsonArray([.. printer.Cells(item, now)]) };
        if (printer.Conditions(item) is { } conditions)
        {
            row["conditions"] = new JsonArray([.. conditions]);
        }

        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                row["object"] = item.DeepClone();
                break;
            default:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = ObjectMetadata.Of(item).DeepClone(),
                };
                break;
        }

        return row;
    }
}
