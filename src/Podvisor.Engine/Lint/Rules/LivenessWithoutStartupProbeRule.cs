namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV005: liveness can restart the container before the manifest itself expects it to be up, and there is no
/// startup probe to hold liveness back. The one start-up time a manifest states is the readiness probe's
/// <c>initialDelaySeconds</c>: the author does not expect the app to be ready earlier. Liveness fails the container
/// after <c>failureThreshold</c> failures in a row, the first at <c>initialDelaySeconds</c> and then one every
/// <c>periodSeconds</c> (pkg/kubelet/prober/worker.go), so the earliest restart is at
/// <c>initialDelaySeconds + (failureThreshold - 1) × periodSeconds</c>. When that is not later than readiness's
/// delay, a slow start becomes a restart loop. Without a readiness delay the manifest says nothing about start-up
/// time, and the rule says nothing.
/// </summary>
internal sealed class LivenessWithoutStartupProbeRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV005", "liveness-before-slow-start", LintSeverity.Warning,
        "Without a startup probe, liveness can restart the container before its readiness probe's initialDelaySeconds: the manifest's own start-up time.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var container in context.Containers)
        {
            var c = container.Container;
            if (c.LivenessProbe is not { } liveness || c.StartupProbe is not null || c.ReadinessProbe is not { } readiness)
            {
                continue;
            }

            // The defaulter has filled these in (periodSeconds 10, failureThreshold 3, initialDelaySeconds 0).
            var earliestRestart = (liveness.InitialDelaySeconds ?? 0) + (((liveness.FailureThreshold ?? 3) - 1) * (liveness.PeriodSeconds ?? 10));
            var readinessDelay = readiness.InitialDelaySeconds ?? 0;
            if (readinessDelay == 0 || earliestRestart > readinessDelay)
            {
                continue;
            }

            var startup = readinessDelay + ((readiness.FailureThreshold ?? 3) * (readiness.PeriodSeconds ?? 10));
            yield return new LintFinding(
                Info.Id, LintSeverity.Warning, $"{container.Path}.livenessProbe",
                $"container \"{c.Name}\" is not expected to be ready before {readinessDelay}s (readinessProbe.initialDelaySeconds), "
                + $"but its liveness probe can fail it and have it restarted after {earliestRestart}s, and it has no startup probe to hold liveness back",
                $"add a startupProbe that allows the start-up time (e.g. the readiness check with failureThreshold × periodSeconds ≥ {startup}), or raise livenessProbe.initialDelaySeconds above {readinessDelay}");
        }
    }
}
