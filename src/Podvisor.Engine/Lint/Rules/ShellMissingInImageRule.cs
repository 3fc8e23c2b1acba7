using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV003: an exec hook or probe that starts a shell the container's image does not have. The exec cannot start, every
/// time: a postStart hook fails and kills the container; a probe attempt is "errored" and thrown away
/// (docs/kubelet-behaviour.md §7.4), so a readiness probe never passes and a liveness probe never restarts anything,
/// however dead the app. Judged only where the runtime can show it (<see cref="IImageFacts.HasExecutable"/>): for the process
/// runtime, an image in the catalog whose PATH holds no such shell; an unknown image gets no finding.
/// </summary>
internal sealed class ShellMissingInImageRule : ILintRule
{
    public LintRuleInfo Info { get; } = new(
        "PV003", "exec-shell-missing-in-image", LintSeverity.Error,
        "An exec hook or probe runs a shell (sh, bash) that the container's image does not have.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var site in HandlerSite.All(context))
        {
            if (site.Exec?.Command is not { Count: > 0 } command || !ShellWrapper.IsShell(command[0])
                || context.Images.HasExecutable(site.Container.Container, command[0]) is not false)
            {
                continue;
            }

            yield return new LintFinding(
                Info.Id, LintSeverity.Error, $"{site.Path}.exec.command[0]",
                $"the {site.What} of container \"{site.Container.Container.Name}\" runs {command[0]}, which image {site.Container.Container.Image} does not have: "
                + "the exec fails every time (exec: \"" + command[0] + "\": executable file not found in $PATH)",
                "call the program directly (command: [prog, arg]), or use an image that has a shell");
        }
    }
}
