using System.Text.RegularExpressions;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>What the command line accepts and rejects before any manifest is read.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class CommandLineTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task Version_PrintsSemanticVersion_ExitsZero()
    {
        await using var run = PodvisorProcess.Start(podvisor, "--version");

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+"), run.Stdout);
    }

    [Fact]
    public async Task RunHelp_DescribesEveryOption_ExitsZero()
    {
        await using var run = PodvisorProcess.Start(podvisor, "run", "--help");

        Assert.Equal(0, await run.WaitForExitAsync());
        foreach (var option in new[] { "<FILE>", "--stop-after", "--grace-period", "--force", "--strict", "--output", "--images", "--state-dir" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("1h2x", "time: unknown unit \"x\" in duration \"1h2x\"")]
    [InlineData("-1s", "must not be negative")]
    public async Task StopAfter_NotAGoDuration_ExitsTwo(string value, string message)
    {
        await using var run = PodvisorProcess.Start(podvisor, "run", podvisor.Example("jobs/succeeds.yaml"), "--stop-after", value);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForceWithPositiveGracePeriod_RejectedLikeKubectl_ExitsTwo()
    {
        await using var run = PodvisorProcess.Start(podvisor, "run", podvisor.Example("jobs/succeeds.yaml"), "--force", "--grace-period", "5");

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("--force and --grace-period greater than 0 cannot be specified together", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "invalid argument \"abc\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("99999999999999999999", "value out of range")]
    public async Task GracePeriod_NotAnInteger_ExitsTwoWithKubectlsWords(string value, string message)
    {
        await using var run = PodvisorProcess.Start(podvisor, "run", podvisor.Example("jobs/succeeds.yaml"), "--grace-period", value);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CorruptStore_ClearErrorNamingTheFile_ExitsOne()
    {
        var data = Directory.CreateTempSubdirectory("podvisor-e2e-corrupt-");
        try
        {
            var store = Path.Combine(data.FullName, "podvisor.db");
            await File.WriteAllTextAsync(store, new string('x', 8192));
            await using var serve = PodvisorProcess.Start(podvisor, "serve", "--data-dir", data.FullName, "--port", "0");

            Assert.Equal(1, await serve.WaitForExitAsync());
            Assert.Contains($"error: the store {store} cannot be used", serve.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run", "x.yaml", "-o", "xml")]
    public async Task UsageError_ExitsTwo(params string[] arguments)
    {
        await using var run = PodvisorProcess.Start(podvisor, arguments);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("podvisor run --help", run.Stderr, StringComparison.Ordinal);
    }
}
