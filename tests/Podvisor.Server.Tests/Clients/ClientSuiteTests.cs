using System.Diagnostics;
using System.Text;
using Podvisor.Server.Tests.Kubectl;

namespace Podvisor.Server.Tests.Clients;

/// <summary>
/// The official Python and JavaScript clients drive a real <c>podvisor serve</c> through what a controller does
/// (tests/clients/*): each suite is a child process that prints <c>ok &lt;step&gt;</c> per step and exits 0 only
/// when every step held. A missing client is a failure that says how to install it, never a skip.
/// </summary>
public sealed class ClientSuiteTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] Steps =
    [
        "namespace created without apiVersion/kind", "pod created and running", "strategic, merge and JSON patches",
        "replace with a stale resourceVersion is 409 Conflict", "logs and follow", "exec with stdin and exit code",
        "events: create, patch, read as events.k8s.io/v1, delete, deletecollection", "limit/continue paging",
        "delete with a grace period and a finalizer", "404, 409 and 422 Status bodies with causes", "namespace deletion",
    ];

    [Fact]
    public async Task Python_OfficialClient_RunsAController()
    {
        // Debian's python3-kubernetes lives in the system interpreter, not in a pyenv python3 on PATH.
        const string Python = "/usr/bin/python3";
        var probe = await RunAsync(Python, ["-c", "import kubernetes"], null, TimeSpan.FromSeconds(30));
        Assert.True(probe.ExitCode == 0, $"the Python client is missing: apt-get install python3-kubernetes (as .ci/run does)\n{probe.Output}");

        var suite = Path.Combine(PodvisorExecutable.RepositoryRoot(), "tests", "clients", "python", "controller_suite.py");
        var result = await RunAsync(Python, [suite, fixture.Server.Kubeconfig, "py-suite"], null, SuiteTimeout);

        AssertPassed(result, "label-selector watch from a list's resourceVersion: DELETED on leaving, ADDED on entering");
    }

    [Fact]
    public async Task JavaScript_OfficialClient_RunsAController()
    {
        var directory = Path.Combine(PodvisorExecutable.RepositoryRoot(), "tests", "clients", "js");
        Assert.True(
            File.Exists(Path.Combine(directory, "node_modules", "@kubernetes", "client-node", "package.json")),
            $"@kubernetes/client-node is not installed: run `npm ci` in {directory} (as .ci/run does)");

        var result = await RunAsync("node", ["controller-suite.mjs", fixture.Server.Kubeconfig, "js-suite"], directory, SuiteTimeout);

        AssertPassed(result, "label-selector informer through relabelling", "watch from a resourceVersion ends with a BOOKMARK at its timeout, cleanly");
    }

    private static void AssertPassed((int ExitCode, string Output) result, params string[] extraSteps)
    {
        Assert.True(result.ExitCode == 0, $"the suite failed (exit {result.ExitCode}):\n{result.Output}");
        foreach (var step in Steps.Concat(extraSteps))
        {
            Assert.Contains("ok " + step + "\n", result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("\nPASS\n", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs a child to its end (killed with its tree at the timeout or when the test fails), with stdout then stderr.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string? directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        var output = new StringBuilder(await stdout);
        var errors = await stderr;
        if (errors.Length > 0)
        {
            output.Append("--- stderr ---\n").Append(errors);
        }

        return (process.ExitCode, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
