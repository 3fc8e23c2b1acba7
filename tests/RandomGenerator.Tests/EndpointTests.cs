using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RandomGenerator.Tests.Support;

namespace RandomGenerator.Tests;

public sealed partial class EndpointTests
{
    [Fact]
    public async Task Root_ReturnsAnIntAndThisInstancesId()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        using var first = JsonDocument.Parse(await client.GetStringAsync("/"));
        using var second = JsonDocument.Parse(await client.GetStringAsync("/"));

        Assert.Equal(JsonValueKind.Number, first.RootElement.GetProperty("random").ValueKind);
        Assert.True(first.RootElement.GetProperty("random").TryGetInt32(out _));
        var id = first.RootElement.GetProperty("id").GetString();
        Assert.True(Guid.TryParse(id, out _), $"id {id} is not a UUID");
        Assert.Equal(id, second.RootElement.GetProperty("id").GetString());
        Assert.Equal(2, first.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Seed_TwoInstancesWithTheSameSeed_SameNumbers_DifferentIds()
    {
        var seed = new Dictionary<string, string?> { ["SEED"] = "42" };
        await using var one = new RandomGeneratorFactory(seed);
        await using var two = new RandomGeneratorFactory(seed);
        await using var unseeded = new RandomGeneratorFactory(new Dictionary<string, string?> { ["SEED"] = "43" });

        var fromOne = await Numbers(one, 5);
        var fromTwo = await Numbers(two, 5);
        var fromOther = await Numbers(unseeded, 5);

        Assert.Equal(fromOne.Select(n => n.Random), fromTwo.Select(n => n.Random));
        Assert.NotEqual(fromOne.Select(n => n.Random), fromOther.Select(n => n.Random));
        Assert.NotEqual(fromOne[0].Id, fromTwo[0].Id);
    }

    [Fact]
    public async Task Burn_StillAnswersWithANumber()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/?burn=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("random").TryGetInt32(out _));
    }

    [Fact]
    public async Task Info_DefaultKeys()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        using var info = JsonDocument.Parse(await client.GetStringAsync("/info"));
        using var number = JsonDocument.Parse(await client.GetStringAsync("/"));

        var root = info.RootElement;
        foreach (var key in new[] { "memory.max", "memory.used", "memory.free" })
        {
            Assert.True(root.GetProperty(key).GetInt64() >= 0, key);
        }

        Assert.Equal(Environment.ProcessorCount, root.GetProperty("cpu.procs").GetInt32());
        Assert.Equal(number.RootElement.GetProperty("id").GetString(), root.GetProperty("id").GetString());
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal("None", root.GetProperty("pattern").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("env").ValueKind);
        foreach (var absent in new[] { "logFile", "seed", "build-type", "POD_IP", "NODE_NAME", "labels", "annotations" })
        {
            Assert.False(root.TryGetProperty(absent, out _), $"{absent} without its setting");
        }
    }

    [Fact]
    public async Task Info_ReportsSettingsAndTheDownwardApi()
    {
        var podInfo = Directory.CreateTempSubdirectory("random-generator-pod-info-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(podInfo, "labels"), "app=\"random-generator\"");
            await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?>
            {
                ["PATTERN"] = "Managed Lifecycle",
                ["SEED"] = "7",
                ["BUILD_TYPE"] = "podvisor",
                ["POD_IP"] = "10.0.0.7",
                ["NODE_NAME"] = "vm",
                ["POD_INFO_DIR"] = podInfo,
                ["LOG_FILE"] = Path.Combine(podInfo, "numbers.csv"),
            });
            using var client = factory.CreateClient();

            using var info = JsonDocument.Parse(await client.GetStringAsync("/info"));

            var root = info.RootElement;
            Assert.Equal("Managed Lifecycle", root.GetProperty("pattern").GetString());
            Assert.Equal(7, root.GetProperty("seed").GetInt64());
            Assert.Equal("podvisor", root.GetProperty("build-type").GetString());
            Assert.Equal("10.0.0.7", root.GetProperty("POD_IP").GetString());
            Assert.Equal("vm", root.GetProperty("NODE_NAME").GetString());
            Assert.Equal("app=\"random-generator\"", root.GetProperty("labels").GetString());
            Assert.Equal(Path.Combine(podInfo, "numbers.csv"), root.GetProperty("logFile").GetString());
        }
        finally
        {
            Directory.Delete(podInfo, recursive: true);
        }
    }

    [Fact]
    public async Task MemoryEater_HoldsTheMegabytesAsked()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/memory-eater?mb=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3L * 1024 * 1024, factory.Services.GetRequiredService<MemoryEater>().HeldBytes);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/memory-eater")).StatusCode);
    }

    [Fact]
    public async Task ToggleLive_FlipsLivenessBetweenUpAndDown()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();
        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\"}"), await Get(client, "/actuator/health/liveness"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/toggle-live")).StatusCode);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "{\"status\":\"DOWN\"}"), await Get(client, "/actuator/health/liveness"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "{\"status\":\"DOWN\",\"groups\":[\"liveness\",\"readiness\"]}"), await Get(client, "/actuator/health"));
        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\"}"), await Get(client, "/actuator/health/readiness"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/live")).StatusCode);

        await client.GetAsync("/toggle-live");

        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\"}"), await Get(client, "/actuator/health/liveness"));
        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}"), await Get(client, "/actuator/health"));
    }

    [Fact]
    public async Task ToggleReady_RemovesAndRestoresTheReadyFile_ReadinessFollows()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();
        Assert.True(File.Exists(factory.ReadyFile), "the ready file is created once the app is ready");

        await client.GetAsync("/toggle-ready");

        Assert.False(File.Exists(factory.ReadyFile));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "{\"status\":\"OUT_OF_SERVICE\"}"), await Get(client, "/actuator/health/readiness"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "{\"status\":\"OUT_OF_SERVICE\",\"groups\":[\"liveness\",\"readiness\"]}"), await Get(client, "/actuator/health"));
        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\"}"), await Get(client, "/actuator/health/liveness"));

        await client.GetAsync("/toggle-ready");

        Assert.True(File.Exists(factory.ReadyFile));
        Assert.Equal((HttpStatusCode.OK, "{\"status\":\"UP\"}"), await Get(client, "/actuator/health/readiness"));
    }

    [Fact]
    public async Task ActuatorHealth_SpringBootContentType()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/actuator/health");

        Assert.Equal("application/vnd.spring-boot.actuator.v3+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logs_WithLogFile_EveryNumberServedAsACsvLine()
    {
        await using var withPath = new RandomGeneratorFactory(directory => new Dictionary<string, string?> { ["LOG_FILE"] = Path.Combine(directory, "numbers.csv") });
        using var client = withPath.CreateClient();

        var numbers = await Numbers(withPath, 2);
        var logs = await client.GetStringAsync("/logs");

        var lines = logs.Split('\n');
        Assert.Equal(2, lines.Length);
        for (var i = 0; i < 2; i++)
        {
            var match = CsvLine().Match(lines[i]);
            Assert.True(match.Success, $"not HH:mm:ss.SSS,id,nanos,value: {lines[i]}");
            Assert.Equal(numbers[i].Id, match.Groups["id"].Value);
            Assert.Equal(numbers[i].Random.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["value"].Value);
        }
    }

    [Fact]
    public async Task Logs_WithoutLogFile_Empty()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();
        await client.GetStringAsync("/");

        using var response = await client.GetAsync("/logs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Shutdown_LogsShutdownNow_StopsTheApp_ReadinessOutOfService()
    {
        // A drain on fake time keeps the stopping app answering while the test looks at it.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var factory = new RandomGeneratorFactory(new Dictionary<string, string?> { ["DRAIN_DELAY_SECONDS"] = "5" }, time);
        using var client = factory.CreateClient();
        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();

        using var response = await client.GetAsync("/shutdown");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.Logs.WaitForAsync("SHUTDOWN NOW");
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        await factory.Logs.WaitForAsync(">>>> SHUTDOWN HOOK called. Possibly because of a SIGTERM from Kubernetes");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "{\"status\":\"OUT_OF_SERVICE\"}"), await Get(client, "/actuator/health/readiness"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        var messages = factory.Logs.Entries.Select(entry => entry.Message).ToList();
        Assert.True(
            messages.IndexOf("SHUTDOWN NOW") < messages.FindIndex(m => m.StartsWith(">>>> SHUTDOWN HOOK", StringComparison.Ordinal)),
            "SHUTDOWN NOW comes before the shutdown hook");
        time.Advance(TimeSpan.FromSeconds(5));
        await factory.Logs.WaitForAsync("Drain of 5s complete");
    }

    [Fact]
    public async Task HostStop_AsOnSigterm_LogsTheShutdownHook()
    {
        await using var factory = new RandomGeneratorFactory();
        using var client = factory.CreateClient();

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await factory.Logs.WaitForAsync(">>>> SHUTDOWN HOOK called. Possibly because of a SIGTERM from Kubernetes");
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Message == "SHUTDOWN NOW");
        var hook = Assert.Single(factory.Logs.Entries, entry => entry.Message.StartsWith(">>>> SHUTDOWN HOOK", StringComparison.Ordinal));
        Assert.Equal("RandomGenerator.RandomGeneratorApplication", hook.Category);
    }

    private static async Task<(HttpStatusCode Status, string Body)> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<(int Random, string Id)>> Numbers(RandomGeneratorFactory factory, int count)
    {
        using var client = factory.CreateClient();
        var numbers = new List<(int, string)>();
        for (var i = 0; i < count; i++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/"));
            numbers.Add((json.RootElement.GetProperty("random").GetInt32(), json.RootElement.GetProperty("id").GetString()!));
        }

        return numbers;
    }

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2}\.\d{3},(?<id>[0-9a-f-]{36}),\d+,(?<value>-?\d+)$")]
    private static partial Regex CsvLine();
}
