using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// A server killed with SIGKILL mid-run: the store must come back whole, no container may outlive it, and the
/// next start must run the pods again (restart, not adopt: the process guard killed them with the server).
/// </summary>
public sealed class ServeRestartTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("podvisor-restart-e2e-").FullName;
    private readonly string _marker = "3600." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
    private readonly List<ServeProcess> _servers = [];

    private string DataDirectory => Path.Combine(_root, "data");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task SigkillThenRestart_LosesNothing_OrphansNothing_AndRunsThePodsAgain()
    {
        var first = await StartAsync();
        var kubectl = new KubectlRunner(first.Kubeconfig, Path.Combine(_root, "home"));
        var sleeperFile = Path.Combine(_root, "sleeper.yaml");
        var jobFile = Path.Combine(_root, "job.yaml");
        await File.WriteAllTextAsync(sleeperFile, Manifests.Sleeper("sleeper", _marker));
        await File.WriteAllTextAsync(jobFile, Manifests.Job);
        await kubectl.OkAsync("apply", "-f", sleeperFile, "-f", jobFile);
        await kubectl.OkAsync("wait", "--for=condition=Ready", "pod/sleeper", "--timeout=60s");
        await kubectl.OkAsync("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/job", "--timeout=60s");
        await kubectl.OkAsync("label", "pod", "sleeper", "kept=yes");
        var before = Items(await kubectl.OkAsync("get", "pods", "-o", "json"));
        Assert.Single(MarkedProcesses());

        await first.KillAsync();

        await WaitUntilAsync(() => MarkedProcesses().Count == 0, "the guard did not kill the container of a SIGKILLed server");
        Assert.Equal("ok", IntegrityCheck());

        var second = await StartAsync();
        kubectl.Kubeconfig = second.Kubeconfig;
        var after = Items(await kubectl.OkAsync("get", "pods", "-o", "json"));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.Equal((string?)pair.Value["metadata"]!["uid"], (string?)after[pair.Key]["metadata"]!["uid"]));
        Assert.Equal("yes", (string?)after["sleeper"]["metadata"]!["labels"]!["kept"]);
        Assert.Equal("Succeeded", (string?)after["job"]["status"]!["phase"]);
        Assert.True(long.Parse((string)after["sleeper"]["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture)
            >= long.Parse((string)before["sleeper"]["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture));
        await kubectl.OkAsync("wait", "--for=condition=Ready", "pod/sleeper", "--timeout=60s");
        Assert.Single(MarkedProcesses());

        await second.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(MarkedProcesses());
        Assert.Equal("ok", IntegrityCheck());
    }

    private async Task<ServeProcess> StartAsync()
    {
        var server = await ServeProcess.StartAsync(await PodvisorExecutable.GetAsync(), DataDirectory);
        _servers.Add(server);
        return server;
    }

    private static Dictionary<string, JsonObject> Items(string listJson) =>
        JsonNode.Parse(listJson)!["items"]!.AsArray().OfType<JsonObject>().ToDictionary(p => (string)p["metadata"]!["name"]!);

    /// <summary>Processes whose command line carries this test's marker (the sleeper's <c>sleep</c>).</summary>
    private List<int> MarkedProcesses()
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat")).Split(") ")[^1];
                if (commandLine.StartsWith("sleep " + _marker, StringComparison.Ordinal) && !state.StartsWith('Z'))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    private string IntegrityCheck()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "podvisor.db")};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
