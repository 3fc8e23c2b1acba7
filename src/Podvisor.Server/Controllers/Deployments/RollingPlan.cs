namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// The two decisions of one RollingUpdate step, as upstream's <c>rolloutRolling</c> makes them
/// (pkg/controller/deployment/rolling.go and util/deployment_util.go <c>NewRSNewReplicas</c>): how far the new
/// ReplicaSet may grow within the surge, and how far the old ones may shrink without going below
/// <c>desired - maxUnavailable</c> available pods. Pure, so the arithmetic is table-tested.
/// </summary>
internal static class RollingPlan
{
    /// <summary>The new ReplicaSet's next size: up to <c>desired + surge</c> pods in all, never above <c>desired</c>.</summary>
    public static int NewReplicaSetSize(int desired, RolloutBounds bounds, int newReplicas, int allReplicas)
    {
        if (newReplicas >= desired)
        {
            // Scaled down directly, as reconcileNewReplicaSet does when the deployment shrank.
            return desired;
        }

        var maxTotal = desired + bounds.Surge;
        if (allReplicas >= maxTotal)
        {
            return newReplicas;
        }

        var scaleUp = Math.Min(maxTotal - allReplicas, desired - newReplicas);
        return newReplicas + scaleUp;
    }

    /// <summary>
    /// The old ReplicaSets' next sizes (<c>reconcileOldReplicaSets</c>): first the unhealthy pods of old sets go
    /// (<c>cleanupUnhealthyReplicas</c>), oldest set first, within what the new set's unavailable pods leave;
    /// then available old pods go down to the minimum availability (<c>scaleDownOldReplicaSetsForRollingUpdate</c>).
    /// </summary>
    /// <returns>The new size of each old set that changes.</returns>
    public static IReadOnlyDictionary<string, int> OldReplicaSetSizes(int desired, int maxUnavailable, SetCounts? newSet, IReadOnlyList<SetCounts> oldSets)
    {
        var sizes = oldSets.ToDictionary(s => s.Name, s => s.Replicas, StringComparer.Ordinal);
        var oldTotal = oldSets.Sum(s => s.Replicas);
        if (oldTotal == 0)
        {
            return new Dictionary<string, int>();
        }

        var allTotal = oldTotal + (newSet?.Replicas ?? 0);
        var minAvailable = desired - maxUnavailable;
        var newUnavailable = newSet is null ? 0 : newSet.Replicas - newSet.Available;
        var maxScaledDown = allTotal - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return new Dictionary<string, int>();
        }

        var oldestFirst = oldSets.OrderBy(s => s.Created).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var cleaned = 0;
        foreach (var set in oldestFirst)
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var replicas = sizes[set.Name];
            if (replicas == 0 || replicas == set.Available)
            {
                continue;
            }

            var down = Math.Min(maxScaledDown - cleaned, replicas - set.Available);
            sizes[set.Name] = replicas - down;
            cleaned += down;
        }

        var available = oldSets.Sum(s => s.Available) + (newSet?.Available ?? 0);
        if (available > minAvailable)
        {
            var total = available - minAvailable;
            var done = 0;
            foreach (var set in oldestFirst)
            {
                if (done >= total)
                {
                    break;
                }

                var replicas = sizes[set.Name];
                if (replicas == 0)
                {
                    continue;
                }

                var down = Math.Min(replicas, total - done);
                sizes[set.Name] = replicas - down;
                done += down;
            }
        }

        return sizes.Where(p => p.Value != oldSets.First(s => s.Name == p.Key).Replicas).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}
