namespace Podvisor.Server.Tables;

/// <summary>A <c>meta.k8s.io/v1</c> Table column definition; priority 1 columns show only with <c>-o wide</c>.</summary>
internal sealed record TableColumn(string Name, string Description, int Priority = 0, string Type = "string", string Format = "");
