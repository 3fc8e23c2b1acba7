using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Images;
using Podvisor.Engine.Lint;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Lint;

/// <summary>Lints YAML text with a fixed clock and a given catalog, whose images' files are the given paths.</summary>
internal static class LintFixture
{
    /// <summary>An image with no shell at all: its only program is /app/server.</summary>
    public static readonly ImageConfig Distroless = new("gcr.io/distroless/static:nonroot", ["/app/server"], [], [KeyValuePair.Create("PATH", "/app")], null, null);

    /// <summary>An image whose PATH has sh and bash (in /usr/bin).</summary>
    public static readonly ImageConfig WithShell = new("example.com/shell:1", [], ["sh"], [KeyValuePair.Create("PATH", "/usr/bin")], null, null);

    /// <summary>An image whose entrypoint is a wrapper shell.</summary>
    public static readonly ImageConfig ShellEntrypoint = new("example.com/wrapped:1", ["sh", "-c"], ["python3 app.py"], [], null, null);

    private static readonly HashSet<string> Files = ["/app/server", "/usr/bin/sh", "/usr/bin/bash"];

    public static IReadOnlyList<LocatedFinding> Lint(string yaml, string file = "pod.yaml")
    {
        var facts = new CatalogImageFacts(new StaticImageCatalog(Distroless, WithShell, ShellEntrypoint), Files.Contains);
        return new ManifestLinter(new FakeTimeProvider(), facts).Lint(new ManifestSource(file, yaml)).Findings;
    }

    /// <summary>The findings of one rule as (severity, field) pairs, in order.</summary>
    public static IReadOnlyList<(LintSeverity Severity, string Field)> Of(string ruleId, string yaml) =>
        Lint(yaml).Where(f => f.Finding.RuleId == ruleId).Select(f => (f.Finding.Severity, f.Finding.Field)).ToList();

    /// <summary>A pod named web whose spec is <paramref name="spec"/> (indented by the caller as under <c>spec:</c>).</summary>
    public static string Pod(string spec) => "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n" + Indent(spec, 2);

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
