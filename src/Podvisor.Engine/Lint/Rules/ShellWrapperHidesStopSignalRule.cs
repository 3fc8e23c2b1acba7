using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV002: a container whose PID 1 is a wrapper shell that runs its program as a child, with no <c>exec</c> and no
/// TERM trap. The runtime signals the container's PID 1 alone, and the kernel drops a signal a PID-namespace init has
/// no handler for (docs/kubelet-behaviour.md §4.5): the program never sees SIGTERM and is SIGKILLed at the end of
/// the grace period. Which commands stay children depends on the shell (measured; see the Engine README): dash, Debian's
/// <c>sh</c>, runs every command as a child; bash and busybox ash exec a script's last simple command. Commands the
/// shell runs itself (<c>echo</c>, <c>exit</c>, ...) hide nothing. Run-to-completion containers (init containers,
/// <c>restartPolicy: Never/OnFailure</c>) usually end by themselves, so their findings are informational; so are those
/// that assume an unknown image has no entrypoint.
/// </summary>
internal sealed class ShellWrapperHidesStopSignalRule : ILintRule
{
    private static readonly HashSet<string> TermNames = new(StringComparer.OrdinalIgnoreCase) { "TERM", "SIGTERM", "15" };

    public LintRuleInfo Info { get; } = new(
        "PV002", "shell-wrapper-hides-sigterm", LintSeverity.Warning,
        "The container's PID 1 is a shell that runs its program as a child without exec or a TERM trap: the program never receives SIGTERM.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var container in context.Containers)
        {
            // An image the catalog does not know, with only args: most images that are run this way (busybox) have no
            // entrypoint, so args is the argv; said as an assumption, at info level.
            var argv = ContainerArgv.Of(container.Container, context.Images);
            var assumed = false;
            if (argv is null && container.Container.Command is not { Count: > 0 } && container.Container.Args is { Count: > 0 } args)
            {
                argv = [.. args];
                assumed = true;
            }

            if (argv is null || ShellWrapper.From(argv) is not { } wrapper)
            {
                continue;
            }

            var commands = ShellScript.Parse(wrapper.Script).Commands;
            if (commands.Any(c => IsTermTrap(c) || (c.Name == "exec" && c.Words.Count > 1)))
            {
                continue;
            }

            var last = commands.Count > 0 ? commands[^1] : null;
            var hidden = commands
                .Where(c => !ShellBuiltins.Contains(c.Name) && c.Name != "exec")
                .Where(c => !(ReferenceEquals(c, last) && IsPlainLast(c) && wrapper.ExecsLastCommand(c)))
                .ToList();
            if (hidden.Count == 0)
            {
                continue;
            }

            var program = ShellWrapper.BaseName((hidden.LastOrDefault(c => !c.Nested) ?? hidden[^1]).Name);
            var dependsOnShell = hidden.Count == 1 && ReferenceEquals(hidden[0], last) && IsPlainLast(last);
            var message = $"container \"{container.Container.Name}\" runs {program} under a wrapper shell ({wrapper.Shell} -c) that does not exec it and traps no TERM: "
                + "the stop signal goes to the shell alone, the container's PID 1, which ignores a signal it has no handler for, "
                + $"so {program} never sees SIGTERM: a stop waits for the script to end by itself, or SIGKILLs it at the end of the grace period"
                + (dependsOnShell
                    ? "; bash and busybox sh exec a script's last simple command themselves, Debian's dash (sh on Debian and Ubuntu, and on podvisor's hosts) does not"
                    : string.Empty)
                + (assumed ? $" (if image {container.Container.Image} has no entrypoint of its own: the image catalog does not know it)" : string.Empty);
            var field = container.Container.Command is { Count: > 0 } ? $"{container.Path}.command" : $"{container.Path}.args";
            yield return new LintFinding(
                Info.Id,
                container.IsLongRunning(context.Pod) && !assumed ? LintSeverity.Warning : LintSeverity.Info,
                field,
                message,
                $"start the program with exec (sh -c '...; exec {program} ...') so that it becomes PID 1, or trap TERM in the script and pass it on");
        }
    }

    /// <summary>A last command a shell may exec: at the top level, waited for, alone (not in a pipeline).</summary>
    private static bool IsPlainLast(ShellCommand? command) => command is { Nested: false, Piped: false, Background: false };

    /// <summary><c>trap ACTION TERM</c>; <c>trap - TERM</c> resets and <c>trap -p</c> prints, neither sets a handler.</summary>
    private static bool IsTermTrap(ShellCommand command)
    {
        if (command.Name != "trap")
        {
            return false;
        }

        var operands = command.Words.Skip(1).SkipWhile(w => w == "--").ToList();
        return operands.Count >= 2 && operands[0] != "-" && !operands[0].StartsWith('-')
            && operands.Skip(1).Any(TermNames.Contains);
    }
}
