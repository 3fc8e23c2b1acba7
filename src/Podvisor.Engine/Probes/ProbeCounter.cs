namespace Podvisor.Engine.Probes;

/// <summary>
/// The thresholds of one probe worker (kubelet <c>worker.doProbe</c>): a result is committed only after
/// <c>successThreshold</c> consecutive successes or <c>failureThreshold</c> consecutive failures; a committed
/// liveness/startup failure puts the worker on hold until a new container instance appears. Pure.
/// </summary>
/// <param name="Committed">The result in force: true success, false failure, null unknown (startup before any verdict).</param>
/// <param name="LastPassed">The latest attempt's result, or null before any.</param>
/// <param name="Run">How many attempts in a row had <paramref name="LastPassed"/>'s result.</param>
internal sealed record ProbeCounter(bool? Committed, bool? LastPassed, int Run, bool OnHold)
{
    /// <summary>Initial results: readiness Failure, liveness Success, startup Unknown (kubelet <c>newWorker</c>).</summary>
    public static ProbeCounter Initial(ProbeKind kind) => new(
        kind switch
        {
            ProbeKind.Readiness => false,
            ProbeKind.Liveness => true,
            _ => null,
        },
        LastPassed: null,
        Run: 0,
        OnHold: false);

    public ProbeCounter Observe(bool passed, ProbeDefinition probe)
    {
        if (OnHold)
        {
            return this;
        }

        var run = LastPassed == passed ? Run + 1 : 1;
        var threshold = passed ? probe.SuccessThreshold : probe.FailureThreshold;
        if (run < threshold)
        {
            return this with { LastPassed = passed, Run = run };
        }

        if (!passed && probe.Kind is ProbeKind.Liveness or ProbeKind.Startup)
        {
            // Stop probing until the container is replaced: its verdict is in and it will be killed.
            return new ProbeCounter(false, passed, 0, OnHold: true);
        }

        return new ProbeCounter(passed, passed, run, OnHold: false);
    }
}
