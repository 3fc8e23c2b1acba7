namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// How far a rolling update may go above and below the desired count: upstream <c>ResolveFenceposts</c>,
/// <c>MaxSurge</c> and <c>MaxUnavailable</c> (pkg/controller/deployment/util/deployment_util.go). Surge rounds up,
/// unavailability down, and when both come to 0 one pod may be unavailable, or the rollout could never move.
/// </summary>
internal readonly record struct RolloutBounds(int Surge, int Unavailable)
{
    public static RolloutBounds Resolve(string maxSurge, string maxUnavailable, int desired)
    {
        var surge = IntOrPercent.Scaled(maxSurge, desired, roundUp: true) ?? 0;
        var unavailable = IntOrPercent.Scaled(maxUnavailable, desired, roundUp: false) ?? 0;
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return new RolloutBounds(surge, unavailable);
    }

    /// <summary>
    /// <c>MaxUnavailable(deployment)</c>: 0 for Recreate or no replicas; otherwise the resolved value, at most the
    /// desired count (what the <c>Available</c> condition and the old-set scale-down measure against).
    /// </summary>
    public static int MaxUnavailable(DeploymentStrategy strategy, int desired)
    {
        if (strategy.Recreate || desired == 0)
        {
            return 0;
        }

        var unavailable = Resolve(strategy.MaxSurge, strategy.MaxUnavailable, desired).Unavailable;
        return Math.Min(unavailable, desired);
    }

    /// <summary><c>MaxSurge(deployment)</c>: 0 for Recreate.</summary>
    public static int MaxSurge(DeploymentStrategy strategy, int desired) =>
        strategy.Recreate ? 0 : Resolve(strategy.MaxSurge, strategy.MaxUnavailable, desired).Surge;
}
