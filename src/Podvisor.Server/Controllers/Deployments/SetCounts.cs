namespace Podvisor.Server.Controllers.Deployments;

/// <summary>What a rolling step needs to know of one ReplicaSet: its desired and available counts, and its age.</summary>
internal sealed record SetCounts(string Name, int Replicas, int Available, DateTimeOffset Created);
