namespace Podvisor.Engine.Planning;

/// <summary>A container waiting out its restart back-off.</summary>
internal sealed record BackOffWait(ContainerDefinition Container, DateTimeOffset Until, TimeSpan BackOff);
