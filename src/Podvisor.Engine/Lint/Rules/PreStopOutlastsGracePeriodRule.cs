using System.Globalization;
using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV001: a preStop hook that sleeps at least the grace period. The kubelet waits for preStop at most the grace
/// period, then sends the stop signal with only the 2 s minimum left before SIGKILL (kuberuntime_container.go
/// <c>killContainer</c>, <c>minimumGracePeriodInSeconds</c>; docs/kubelet-behaviour.md §3.2): the app never gets
/// the drain time the manifest seems to give it. Only literal sleeps count (<c>sleep.seconds</c>, an exec of
/// <c>sleep N</c>, or a shell script's top-level <c>sleep</c>s in sequence); an httpGet hook's duration is the
/// app's business and is not judged.
/// </summary>
internal sealed class PreStopOutlastsGracePeriodRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV001", "prestop-outlasts-grace-period", LintSeverity.Error,
        "A preStop hook sleeps as long as the grace period or longer, leaving the app 2 s between SIGTERM and SIGKILL.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var grace = TimeSpan.FromSeconds(context.GracePeriodSeconds);
        foreach (var container in context.Containers)
        {
            var preStop = container.Container.Lifecycle?.PreStop;
            var path = $"{container.Path}.lifecycle.preStop";
            var (field, sleep) = preStop switch
            {
                { Sleep: { } s } => ($"{path}.sleep.seconds", TimeSpan.FromSeconds(s.Seconds)),
                { Exec.Command: { Count: > 0 } command } => ($"{path}.exec.command", SleepOf(command)),
                _ => (path, (TimeSpan?)null),
            };
            if (sleep is not { } duration || duration < grace || grace <= TimeSpan.Zero)
            {
                continue;
            }

            var how = duration == TimeSpan.MaxValue ? "sleeps forever" : $"sleeps {Seconds(duration)}";
            yield return new LintFinding(
                Info.Id, LintSeverity.Error, field,
                $"the preStop hook of container \"{container.Container.Name}\" {how}, and the grace period is {context.GracePeriodSeconds}s: "
                + "the kubelet stops waiting for the hook at the grace period, then sends the stop signal with only 2s left before SIGKILL",
                $"make the hook shorter than terminationGracePeriodSeconds ({context.GracePeriodSeconds}), leaving the app its drain time, or raise terminationGracePeriodSeconds");
        }
    }

    /// <summary>An exec of <c>sleep N</c>, or a shell script's sequential top-level sleeps; null when nothing literal sleeps.</summary>
    private static TimeSpan? SleepOf(IList<string> command)
    {
        if (SleepDuration.Of([.. command]) is { } direct)
        {
            return direct;
        }

        if (ShellWrapper.From([.. command]) is not { } wrapper)
        {
            return null;
        }

        TimeSpan? total = null;
        foreach (var step in ShellScript.Parse(wrapper.Script).Commands.Where(c => !c.Nested && !c.Background))
        {
            if (SleepDuration.Of(step.Words) is { } slept)
            {
                var sum = total ?? TimeSpan.Zero;
                total = sum == TimeSpan.MaxValue || slept == TimeSpan.MaxValue ? TimeSpan.MaxValue : sum + slept;
            }
        }

        return total;
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
