using System.Text.RegularExpressions;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>
/// PV006: the container turns on an environment switch named after the postStart hook (the seed's
/// <c>WAIT_FOR_POST_START=true</c>), and has no postStart hook. An app that waits for something its postStart hook
/// does (the book's random-generator waits for <c>/tmp/postStart-done</c>) then waits forever: never serves, and a
/// preStop httpGet to it is refused. Generalised only as far as the manifest shows: a variable whose name says
/// POST_START / POSTSTART, with a true-like value, and no hook. What the app does with it cannot be seen, hence a warning.
/// </summary>
internal sealed partial class PostStartAwaitedButMissingRule : ILintRule
{
    private static readonly HashSet<string> TrueValues = new(StringComparer.OrdinalIgnoreCase) { "true", "yes", "on", "1", "y" };

    public LintRuleInfo Info { get; } = new(
        "PV006", "poststart-awaited-but-missing", LintSeverity.Warning,
        "The container turns on an environment switch for a postStart hook (WAIT_FOR_POST_START=true) but has no postStart hook.");

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var container in context.Containers)
        {
            var c = container.Container;
            if (c.Lifecycle?.PostStart is not null || c.Env is not { } env)
            {
                continue;
            }

            for (var i = 0; i < env.Count; i++)
            {
                if (!NamesPostStart().IsMatch(env[i].Name) || env[i].Value is not { } value || !TrueValues.Contains(value.Trim()))
                {
                    continue;
                }

                yield return new LintFinding(
                    Info.Id, LintSeverity.Warning, $"{container.Path}.env[{i}]",
                    $"container \"{c.Name}\" sets {env[i].Name}={value} but has no postStart hook: an app that waits for its postStart hook waits forever (it never serves, and a preStop call to it is refused)",
                    $"add the postStart hook the app waits for (lifecycle.postStart), or remove {env[i].Name}");
            }
        }
    }

    [GeneratedRegex("POST_?START", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamesPostStart();
}
