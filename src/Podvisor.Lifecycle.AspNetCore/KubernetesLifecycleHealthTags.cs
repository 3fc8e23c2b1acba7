namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// Tags that put a health check behind one of the probe endpoints:
/// <c>builder.Services.AddHealthChecks().AddCheck&lt;DatabaseCheck&gt;("db", tags: [KubernetesLifecycleHealthTags.Ready])</c>.
/// </summary>
public static class KubernetesLifecycleHealthTags
{
    /// <summary>Checks whose failure means the process must be restarted (liveness probe).</summary>
    public const string Live = "live";

    /// <summary>Checks whose failure means the pod should get no traffic for now (readiness probe).</summary>
    public const string Ready = "ready";

    /// <summary>Checks that must pass once before liveness and readiness probing begins (startup probe).</summary>
    public const string Startup = "startup";
}
