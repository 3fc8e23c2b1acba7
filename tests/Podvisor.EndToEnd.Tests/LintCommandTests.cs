using System.Text.Json;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>
/// <c>podvisor lint</c> through the published executable: exit codes (0 clean or warnings only, 1 errors or
/// <c>--strict</c> warnings, 2 unreadable input), the text lines, and the shape of the SARIF log.
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class LintCommandTests(PodvisorExecutable podvisor)
{
    private static readonly string[] RuleIds = ["PV000", "PV001", "PV002", "PV003", "PV004", "PV005", "PV006", "PV007", "PV008"];

    [Fact]
    public async Task InvalidManifest_ErrorsWithFieldAndLine_ExitsOne()
    {
        await using var lint = PodvisorProcess.Start(podvisor, "lint", podvisor.Example("invalid/bad.yaml"));

        Assert.Equal(1, await lint.WaitForExitAsync());
        var lines = lint.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal($"{podvisor.Example("invalid/bad.yaml")}:11:5: error PV000 pod/bad spec.containers[0].image: Required value", lines[0]);
        Assert.Equal("3 errors, 0 warnings, 0 info in 1 file (1 pod)", lines[^1]);
    }

    [Fact]
    public async Task WarningsOnly_ExitsZero_StrictExitsOne()
    {
        await using var lenient = PodvisorProcess.Start(podvisor, "lint", podvisor.Example("seed/prestop.yaml"));
        await using var strict = PodvisorProcess.Start(podvisor, "lint", "--strict", podvisor.Example("seed/prestop.yaml"));

        Assert.Equal(0, await lenient.WaitForExitAsync());
        Assert.Equal(1, await strict.WaitForExitAsync());
        Assert.Contains("warning PV006 pod/random-generator spec.containers[0].env[0]: container \"random-generator\" sets WAIT_FOR_POST_START=true", lenient.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("0 errors, 2 warnings, 0 info in 1 file (1 pod)\n", lenient.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanManifest_NoFindings_ExitsZero()
    {
        await using var lint = PodvisorProcess.Start(podvisor, "lint", podvisor.Example("probes/web.yaml"));

        Assert.Equal(0, await lint.WaitForExitAsync());
        Assert.Equal("0 errors, 0 warnings, 0 info in 1 file (1 pod)\n", lint.Stdout);
    }

    [Theory]
    [InlineData("does-not-exist.yaml", "error: the path \"does-not-exist.yaml\" does not exist")]
    [InlineData("/dev/null", "error: no objects passed to lint")]
    public async Task UnreadableOrEmptyInput_ExitsTwoWithoutAStackTrace(string file, string message)
    {
        await using var lint = PodvisorProcess.Start(podvisor, "lint", file);

        Assert.Equal(2, await lint.WaitForExitAsync());
        Assert.Equal(message, lint.Stderr.Trim());
        Assert.Empty(lint.Stdout);
    }

    [Fact]
    public async Task Examples_SummaryCountsEachFinding()
    {
        // The files of ExamplesLintTests' table as it was written (a new example gets its row there, not here).
        string[] examples =
        [
            "grace/ignores-sigterm.yaml", "grace/pid1-trap.yaml", "images/exec-liveness.yaml", "init/pod.yaml", "invalid/bad.yaml",
            "jobs/fails.yaml", "jobs/succeeds.yaml", "lifecycle/pod.yaml", "probes/web.yaml", "restart/crashloop.yaml",
            "seed/poststart.yaml", "seed/prestop.yaml", "seed-fixed/poststart-fast.yaml", "seed-fixed/prestop.yaml",
            "sidecar/pod.yaml", "volumes/pod.yaml",
        ];
        await using var lint = PodvisorProcess.Start(podvisor, ["lint", .. examples.Select(podvisor.Example)]);

        Assert.Equal(1, await lint.WaitForExitAsync());
        // Engine.Tests' ExamplesLintTests holds the per-file table; this is the shipped executable (with its image catalog) agreeing.
        Assert.EndsWith("3 errors, 5 warnings, 5 info in 16 files (16 pods)\n", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_FindingsAndSummary()
    {
        await using var lint = PodvisorProcess.Start(podvisor, "lint", "-o", "json", podvisor.Example("grace/pid1-trap.yaml"));

        Assert.Equal(0, await lint.WaitForExitAsync());
        using var document = JsonDocument.Parse(lint.Stdout);
        var finding = Assert.Single(document.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("PV002", finding.GetProperty("ruleId").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("pid1-trap", finding.GetProperty("pod").GetString());
        Assert.Equal("spec.containers[1].command", finding.GetProperty("field").GetString());
        Assert.Equal(21, finding.GetProperty("line").GetInt32());
        Assert.Contains("exec", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32());
    }

    [Fact]
    public async Task Sarif_Version210_RulesMetadata_ResultsWithFileLineAndFieldPath()
    {
        var seed = podvisor.Example("seed/prestop.yaml");
        var bad = podvisor.Example("invalid/bad.yaml");
        await using var lint = PodvisorProcess.Start(podvisor, "lint", "-o", "sarif", seed, bad);

        Assert.Equal(1, await lint.WaitForExitAsync());
        using var document = JsonDocument.Parse(lint.Stdout);
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("podvisor", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(RuleIds, rules.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
        });

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["PV006", "PV008", "PV000", "PV000", "PV000"], results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.Equal(["warning", "warning", "error", "error", "error"], results.Select(r => r.GetProperty("level").GetString()));
        Assert.All(results, r => Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));

        var first = Assert.Single(results[0].GetProperty("locations").EnumerateArray());
        var physical = first.GetProperty("physicalLocation");
        Assert.Equal(new Uri(seed).AbsoluteUri, physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(12, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(7, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
        var logical = Assert.Single(first.GetProperty("logicalLocations").EnumerateArray());
        Assert.Equal("spec.containers[0].env[0]", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Contains("WAIT_FOR_POST_START", results[0].GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
