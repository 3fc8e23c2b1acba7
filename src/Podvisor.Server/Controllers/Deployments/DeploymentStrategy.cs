namespace Podvisor.Server.Controllers.Deployments;

/// <summary>A defaulted <c>spec.strategy</c>: Recreate, or RollingUpdate with its two bounds as written.</summary>
internal sealed record DeploymentStrategy(bool Recreate, string MaxSurge, string MaxUnavailable)
{
    public static readonly DeploymentStrategy RecreateStrategy = new(true, "0", "0");

    public static DeploymentStrategy Of(k8s.Models.V1DeploymentStrategy? strategy) =>
        strategy?.Type == "Recreate"
            ? RecreateStrategy
            : new DeploymentStrategy(false, strategy?.RollingUpdate?.MaxSurge?.Value ?? "25%", strategy?.RollingUpdate?.MaxUnavailable?.Value ?? "25%");
}
