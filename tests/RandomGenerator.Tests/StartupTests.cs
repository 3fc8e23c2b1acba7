using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RandomGenerator.Tests.Support;

namespace RandomGenerator.Tests;

/// <summary>The environment options that act before the app serves: WAIT_FOR_POST_START and DELAY_STARTUP.</summary>
public sealed class StartupTests
{
    private const string Waiting = "Waiting for postStart to be finished ....";

    [Fact]
    public async Task WaitForPostStart_NoServingUntilTheFile_LogsTheWaitEvery10s_ThenTheFilesMessage()
    {
        var time = new FakeTimeProvider();
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["WAIT_FOR_POST_START"] = "true" }, time);

        var starting = Task.Run(factory.CreateClient);
        await factory.Logs.WaitForAsync(Waiting);
        for (var second = 1; second <= 9; second++)
        {
            // Each poll runs inside Advance (a timer callback); the wait is logged again only at 10 s.
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, WaitingLines(factory));
        Assert.False(starting.IsCompleted, "the app started before the postStart file existed");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, WaitingLines(factory));

        await File.WriteAllTextAsync(factory.PostStartFile, "Wake up!\n");
        time.Advance(TimeSpan.FromSeconds(1));

        using var client = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        await factory.Logs.WaitForAsync("postStart Message: Wake up!");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(2, WaitingLines(factory));
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Message.EndsWith('\n'));
    }

    [Fact]
    public async Task WaitForPostStart_FileThereAlready_ServesAtOnceWithItsMessage()
    {
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["WAIT_FOR_POST_START"] = "true" });
        await File.WriteAllTextAsync(factory.PostStartFile, "Wake up!\n");

        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Contains(factory.Logs.Entries, entry => entry.Message == "postStart Message: Wake up!");
        Assert.Equal(0, WaitingLines(factory));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("TRUE")] // the original compares with "true" exactly
    public async Task WaitForPostStart_NotTrue_NoWait(string? value)
    {
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["WAIT_FOR_POST_START"] = value });

        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Contains(factory.Logs.Entries, entry => entry.Message == "No WAIT_FOR_POST_START configured");
        Assert.Equal(0, WaitingLines(factory));
    }

    [Fact]
    public async Task StopWhileWaitingForPostStart_NeverServes_LogsTheShutdownHook()
    {
        var time = new FakeTimeProvider();
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["WAIT_FOR_POST_START"] = "true" }, time);
        var starting = Task.Run(factory.CreateClient);
        await factory.Logs.WaitForAsync(Waiting);

        // What the console lifetime does on SIGTERM (the test server has no signals).
        (await factory.HostLifetime.WaitAsync(TimeSpan.FromSeconds(30))).StopApplication();

        // The start is cancelled; the test server reports it as a host that ended before it started.
        await Assert.ThrowsAnyAsync<Exception>(() => starting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(factory.Logs.Entries, entry => entry.Message == ">>>> SHUTDOWN HOOK called. Possibly because of a SIGTERM from Kubernetes");
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Message.StartsWith("postStart Message", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DelayStartup_ReadyFileGoneDuringTheDelay_ServesAfterIt()
    {
        var time = new FakeTimeProvider();
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["DELAY_STARTUP"] = "5" }, time);
        await File.WriteAllBytesAsync(factory.ReadyFile, []);

        var starting = Task.Run(factory.CreateClient);
        await factory.Logs.WaitForAsync("Delaying startup for 5s (DELAY_STARTUP)");

        Assert.False(File.Exists(factory.ReadyFile), "a ready file left from before must be gone while starting");
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(starting.IsCompleted, "the app started before DELAY_STARTUP had passed");
        time.Advance(TimeSpan.FromSeconds(1));

        using var client = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.True(File.Exists(factory.ReadyFile));
    }

    [Theory]
    [InlineData("DELAY_STARTUP", "soon", "DELAY_STARTUP: Invalid value: \"soon\": must be a whole number between 0 and 2147483647")]
    [InlineData("SEED", "0x2A", "SEED: Invalid value: \"0x2A\"")]
    [InlineData("SERVER_PORT", "80800", "SERVER_PORT: Invalid value: \"80800\": must be a whole number between 1 and 65535")]
    [InlineData("SERVER_ADDRESS", "localhost:1", "SERVER_ADDRESS: Invalid value: \"localhost:1\": must be an IP address")]
    public void MalformedSetting_NamedInTheError(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<SettingsException>(() => RandomGeneratorSettings.From(configuration));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedSettings_EveryOneReported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DELAY_STARTUP"] = "-1",
            ["SERVER_PORT"] = "0",
        }).Build();

        var error = Assert.Throws<SettingsException>(() => RandomGeneratorSettings.From(configuration));

        Assert.Contains("DELAY_STARTUP: Invalid value: \"-1\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("SERVER_PORT: Invalid value: \"0\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreTheOriginals()
    {
        var settings = RandomGeneratorSettings.From(new ConfigurationBuilder().Build());

        Assert.Equal(8080, settings.Port);
        Assert.Null(settings.Address);
        Assert.False(settings.WaitForPostStart);
        Assert.Equal("/tmp/postStart-done", settings.PostStartFile);
        Assert.Equal("None", settings.Pattern);
        Assert.Equal(TimeSpan.Zero, settings.DelayStartup);
        Assert.Equal(0, settings.Seed);
        Assert.Null(settings.LogFile);
    }

    private static int WaitingLines(RandomGeneratorFactory factory) => factory.Logs.Entries.Count(entry => entry.Message == Waiting);
}
