using Podvisor.Engine.Admission;
using Podvisor.Engine.Lint;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Lint;

/// <summary>
/// Lints every manifest under examples/ and checks the exact findings for each: the deliberately bad ones
/// (examples/invalid, the seed's verbatim preStop manifest, the PID-1 trap) find what they show, the others only
/// what is true of them. A new example without a row here fails <see cref="EveryExample_HasARow"/>.
/// </summary>
public sealed class ExamplesLintTests
{
    /// <summary>Per file (relative to examples/): each finding as "line severity id field".</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["chaos/pod.yaml"] = [],
        // A run-to-completion pod (restartPolicy Never) whose script ends by itself: a wrapper shell said at info level.
        ["config/app.yaml"] = ["35 Info PV002 spec.containers[0].command"],
        ["defer/pod.yaml"] = [],
        // Deployments are linted through their pod template (paths under spec.template.); both trap TERM.
        ["workloads/recreate.yaml"] = [],
        ["workloads/worker.yaml"] = [],
        ["workloads/web-service.yaml"] = [], // the Services have no pod to lint
        // The rollout pair: the python app traps SIGTERM (as PID 1 it must); lint cannot see the endpoint race drops.yaml loses.
        ["rollout/drops.yaml"] = [],
        ["rollout/zero-downtime.yaml"] = [],
        ["grace/ignores-sigterm.yaml"] = [], // traps TERM (and then ignores it on purpose: not a static fact)
        ["grace/pid1-trap.yaml"] = ["21 Warning PV002 spec.containers[1].command"],
        // The docs' probe example: `/bin/sh -c '…; sleep 600'` as PID 1 (a 30 s SIGKILL on containerd); args only, on an
        // image the catalog does not know, so said at info level, assuming no entrypoint (busybox has none).
        ["images/exec-liveness.yaml"] = ["11 Info PV002 spec.containers[0].args"],
        ["init/pod.yaml"] = [], // every init step runs shell built-ins only
        ["resources/cpu-limit.yaml"] = [], // both scripts end by themselves (restartPolicy Never)
        ["resources/oom.yaml"] = [], // dd is exec'd: PID 1 itself goes past the memory limit
        ["invalid/bad.yaml"] =
        [
            "11 Error PV000 spec.containers[0].image",
            "13 Error PV000 spec.containers[1].name",
            "9 Error PV000 spec.restartPolicy",
        ],
        ["jobs/fails.yaml"] = [],
        ["jobs/succeeds.yaml"] = ["12 Info PV002 spec.containers[0].command"],
        ["lifecycle/pod.yaml"] = ["15 Info PV002 spec.initContainers[0].command"],
        ["probes/web.yaml"] = [],
        ["restart/crashloop.yaml"] = [],
        ["seed/poststart.yaml"] = [],
        ["seed/prestop.yaml"] =
        [
            "12 Warning PV006 spec.containers[0].env[0]",
            "18 Warning PV008 spec.containers[0].lifecycle.preStop.httpGet.port",
        ],
        ["seed-fixed/poststart-fast.yaml"] = ["28 Warning PV008 spec.containers[0].lifecycle.preStop.httpGet.port"],
        ["seed-fixed/prestop.yaml"] = ["18 Warning PV008 spec.containers[0].lifecycle.preStop.httpGet.port"],
        ["sidecar/pod.yaml"] = ["34 Info PV002 spec.containers[0].command"],
        ["volumes/pod.yaml"] = ["35 Info PV002 spec.containers[0].command"],
    };

    public static TheoryData<string> Examples() => new(Expected.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_HasExactlyTheExpectedFindings(string example)
    {
        var path = Path.Combine(ExamplesDirectory, example);
        var findings = LintFixture.Lint(File.ReadAllText(path), path);

        Assert.Equal(Expected[example], findings.Select(f => $"{f.Line} {f.Finding.Severity} {f.Finding.RuleId} {f.Finding.Field}"));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Finding.Message)));
    }

    [Fact]
    public void EveryExample_HasARow()
    {
        var manifests = Directory.EnumerateFiles(ExamplesDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
            .Select(f => Path.GetRelativePath(ExamplesDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        // A new example needs a row: the message shows what lint says of it, to check and paste.
        var missing = manifests.Except(Expected.Keys).Select(example =>
        {
            var path = Path.Combine(ExamplesDirectory, example);
            var rows = LintFixture.Lint(File.ReadAllText(path), path).Select(f => $"\"{f.Line} {f.Finding.Severity} {f.Finding.RuleId} {f.Finding.Field}\"");
            return $"[\"{example}\"] = [{string.Join(", ", rows)}],";
        });
        Assert.True(!missing.Any(), "examples without a row in ExamplesLintTests.Expected:\n" + string.Join('\n', missing));
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), manifests);
    }

    [Fact]
    public void InvalidExample_ReportsTheApiServersMessages()
    {
        var path = Path.Combine(ExamplesDirectory, "invalid/bad.yaml");
        var messages = LintFixture.Lint(File.ReadAllText(path), path).Select(f => $"{f.Finding.Field}: {f.Finding.Message}");

        // The same words `podvisor run` prints for this file (README, examples/invalid/bad.yaml's header).
        Assert.Equal(
            ["spec.containers[0].image: Required value", "spec.containers[1].name: Duplicate value: \"app\"",
             "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
            messages);
    }

    private static string ExamplesDirectory { get; } = RepositoryCheckout.PathOf("examples");
}
