namespace Podvisor.Server.Controllers.ReplicaSets;

/// <summary>The facts of one pod that decide its place in the deletion order.</summary>
/// <param name="SameNode">How many related active pods share its node (upstream's rank of doubled-up pods).</param>
internal sealed record PodRank(
    string Name,
    string Uid,
    bool Assigned,
    string? Phase,
    bool Ready,
    int DeletionCost,
    int SameNode,
    DateTimeOffset? ReadySince,
    int Restarts,
    DateTimeOffset? Created);
