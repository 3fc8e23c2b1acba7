using System.CommandLine;
using System.Reflection;
using Podvisor.Cli.Run;
using Podvisor.Cli.Manifests;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Images;
using Podvisor.Engine.Lint;

namespace Podvisor.Cli.Lint;

/// <summary>
/// <c>podvisor lint FILE…</c>: static lifecycle checks. Exits 0 without errors, 1 with errors (or warnings under
/// <c>--strict</c>), 2 when the input cannot be read, as <c>run</c> does.
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Pod manifests, read as 'podvisor run' reads them: files, directories (their *.yaml, *.yml and *.json files) or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Output format: text (one line per finding and a summary, the default), json, or sarif (SARIF 2.1.0, for code-scanning UIs).",
            HelpName = "text|json|sarif",
        };
        output.AcceptOnlyFromAmong("text", "json", "sarif");
        var strict = new Option<bool>("--strict")
        {
            Description = "Exit 1 on warnings too, not only on errors.",
        };
        var images = new Option<FileInfo?>("--images")
        {
            Description = "The process runtime's image catalog, for the rules that need an image's command or files (default: as for 'podvisor run').",
            HelpName = "FILE",
        };

        var command = new Command("lint", "Check Pod manifests for lifecycle traps (preStop longer than the grace period, a shell hiding SIGTERM, probes that cannot work, ...) without running them.")
        {
            files, output, strict, images,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var format = parseResult.GetValue(output) switch
            {
                "json" => LintOutputFormat.Json,
                "sarif" => LintOutputFormat.Sarif,
                _ => LintOutputFormat.Text,
            };
            return await RunAsync(parseResult.GetValue(files) ?? [], format, parseResult.GetValue(strict), parseResult.GetValue(images)?.FullName, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] files, LintOutputFormat format, bool strict, string? imagesPath, CancellationToken cancellationToken)
    {
        IReadOnlyList<ManifestSource> sources;
        IImageCatalog catalog;
        try
        {
            sources = ManifestReader.Read(files, Console.In);
            catalog = ImageCatalogSource.Load(imagesPath);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.InvalidInput;
        }

        var linter = new ManifestLinter(TimeProvider.System, CatalogImageFacts.OnThisMachine(catalog));
        var results = sources.Select(linter.Lint).ToList();
        var findings = results.SelectMany(r => r.Findings).ToList();
        var pods = results.Sum(r => r.Pods);
        if (findings.Count == 0 && pods == 0)
        {
            // kubectl's words when -f finds nothing.
            await Console.Error.WriteLineAsync("error: no objects passed to lint");
            return ExitCodes.InvalidInput;
        }

        var summary = LintSummary.Of(sources.Count, pods, findings);
        var text = format switch
        {
            LintOutputFormat.Json => LintJsonOutput.Render(findings, summary),
            LintOutputFormat.Sarif => SarifOutput.Render(findings, Version),
            _ => LintTextOutput.Render(findings, summary),
        };
        await Console.Out.WriteAsync(text.AsMemory(), cancellationToken);
        await Console.Out.FlushAsync(cancellationToken);
        return summary.ExitCode(strict);
    }

    private static string Version =>
        typeof(LintCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
