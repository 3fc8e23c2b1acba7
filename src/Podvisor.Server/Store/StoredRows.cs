namespace Podvisor.Server.Store;

/// <summary>A consistent list as stored text: the rows in key order and the resourceVersion they were read at.</summary>
internal sealed record StoredRows(IReadOnlyList<StoredRow> Rows, long ResourceVersion);
