namespace Podvisor.Server.Controllers.ReplicaSets;

/// <summary>
/// Which pods a ReplicaSet deletes first when it scales down: upstream's <c>ActivePodsWithRanks.Less</c>
/// (pkg/controller/controller_utils.go) with the default-on <c>PodDeletionCost</c> and <c>LogarithmicScaleDown</c>
/// features: unscheduled before scheduled; Pending before Unknown before Running; not ready before ready; lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; more pods on the same node first; then, compared on a
/// log2 scale of their age, more recently ready first; more restarts first; younger first; then by uid.
/// </summary>
internal sealed class PodDeletionOrder(DateTimeOffset now) : IComparer<PodRank>
{
    public int Compare(PodRank? x, PodRank? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    private bool Less(PodRank i, PodRank j)
    {
        if (i.Assigned != j.Assigned)
        {
            return !i.Assigned;
        }

        if (PhaseOrdinal(i.Phase) != PhaseOrdinal(j.Phase))
        {
            return PhaseOrdinal(i.Phase) < PhaseOrdinal(j.Phase);
        }

        if (i.Ready != j.Ready)
        {
            return !i.Ready;
        }

        if (i.DeletionCost != j.DeletionCost)
        {
            return i.DeletionCost < j.DeletionCost;
        }

        if (i.SameNode != j.SameNode)
        {
            return i.SameNode > j.SameNode;
        }

        if (i.Ready && j.Ready && i.ReadySince != j.ReadySince)
        {
            return NewerOnLogScale(i.ReadySince, j.ReadySince, i.Uid, j.Uid);
        }

        if (i.Restarts != j.Restarts)
        {
            return i.Restarts > j.Restarts;
        }

        if (i.Created != j.Created)
        {
            return NewerOnLogScale(i.Created, j.Created, i.Uid, j.Uid);
        }

        return false;
    }

    /// <summary>
    /// Upstream: an unset time sorts first (<c>afterOrZero</c>); otherwise the floor of log2 of each age in
    /// nanoseconds is compared, and equal ranks fall back to the uid so the choice spreads randomly.
    /// </summary>
    private bool NewerOnLogScale(DateTimeOffset? a, DateTimeOffset? b, string uidA, string uidB)
    {
        if (a is null || b is null)
        {
            return a is null;
        }

        var diff = LogRank(a.Value) - LogRank(b.Value);
        return diff == 0 ? string.CompareOrdinal(uidA, uidB) < 0 : diff < 0;
    }

    private long LogRank(DateTimeOffset time)
    {
        var nanoseconds = (now - time).Ticks * 100.0;
        return nanoseconds > 0 ? (long)Math.Log2(nanoseconds) : -1;
    }

    /// <summary>Pending 0, Unknown 1, Running 2; any other phase sorts with Pending's neighbours as upstream's map miss (0).</summary>
    private static int PhaseOrdinal(string? phase) => phase switch
    {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };
}
