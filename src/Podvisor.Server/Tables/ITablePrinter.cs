using System.Text.Json.Nodes;

namespace Podvisor.Server.Tables;

/// <summary>The server-side printer of one resource (upstream <c>pkg/printers/internalversion</c>).</summary>
internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Every cell, wide ones included: kubectl picks what to show.</summary>
    JsonArray Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>Row conditions (e.g. a completed pod's <c>Completed</c>), or null.</summary>
    JsonArray? Conditions(JsonObject obj) => null;
}
