using System.Text.Json.Nodes;

namespace Podvisor.Server.Tables;

/// <summary>The server-side printer of one resource (upstream <c>pkg/printers/internalversion</c>).</summary>
internal interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// Every cell, wide ones included: kubectl picks what to show. Nodes rather than a <see cref="JsonArray"/> built by
    /// a collection expression: that would add each string through <c>JsonArray.Add&lt;T&gt;</c>, which needs
    /// reflection the ahead-of-time compiled podvisor does not have; a string converts to a node without it.
    /// </summary>
    IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>Row conditions (e.g. a completed pod's <c>Completed</c>), or null.</summary>
    IReadOnlyList<JsonNode?>? Conditions(JsonObject obj) => null;
}
