namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// How the app takes part in the pod lifecycle. Defaults match a pod with no
/// <c>terminationGracePeriodSeconds</c>; the configuration keys
/// <see cref="GracePeriodConfigurationKey"/> and <see cref="DrainDelayConfigurationKey"/> (environment
/// variables included) set the two timings without code, and an options delegate overrides both.
/// </summary>
public sealed class KubernetesLifecycleOptions
{
    /// <summary>The configuration key (and environment variable) for <see cref="GracePeriod"/>, in whole seconds.</summary>
    public const string GracePeriodConfigurationKey = "TERMINATION_GRACE_PERIOD_SECONDS";

    /// <summary>The configuration key (and environment variable) for <see cref="DrainDelay"/>, in whole seconds.</summary>
    public const string DrainDelayConfigurationKey = "DRAIN_DELAY_SECONDS";

    /// <summary>
    /// The pod's <c>terminationGracePeriodSeconds</c>: the kubelet sends SIGKILL this long after it began
    /// stopping the container, preStop hook included. Kubernetes' default is 30 seconds. The downward API
    /// cannot expose it, so pass it in the environment beside the pod spec's own value.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the app keeps serving after it turned unready, so that endpoints and load balancers stop
    /// sending it traffic and in-flight requests finish before the server closes. Capped at half of
    /// what the grace period leaves (see <see cref="ShutdownPlan"/>).
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time kept back from the grace period for the process to exit after the host stopped (flushing logs).</summary>
    public TimeSpan ExitMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether <c>AddKubernetesLifecycle</c> sets <c>HostOptions.ShutdownTimeout</c> to what the grace period
    /// allows. A timeout set elsewhere that exceeds it is logged as a warning at startup either way.
    /// </summary>
    public bool ConfigureHostShutdownTimeout { get; set; } = true;

    /// <summary>The liveness endpoint (200 Healthy or 503 Unhealthy); checks tagged <see cref="KubernetesLifecycleHealthTags.Live"/>.</summary>
    public string LivenessPath { get; set; } = "/healthz/live";

    /// <summary>The readiness endpoint; checks tagged <see cref="KubernetesLifecycleHealthTags.Ready"/>, and 503 from termination on.</summary>
    public string ReadinessPath { get; set; } = "/healthz/ready";

    /// <summary>The startup endpoint; 503 until the host has started, then checks tagged <see cref="KubernetesLifecycleHealthTags.Startup"/>.</summary>
    public string StartupPath { get; set; } = "/healthz/startup";

    /// <summary>The endpoint for a <c>preStop</c> <c>httpGet</c> hook: turns readiness false, waits for the drain, answers 200.</summary>
    public string PreStopPath { get; set; } = "/lifecycle/prestop";
}
