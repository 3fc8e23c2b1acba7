using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Podvisor.Testing;

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

    [Fact]
    public async Task SigkillDuringAnExec_LeavesNoExecBehind()
    {
        var server = await StartAsync();
        var kubectl = new KubectlRunner(server.Kubeconfig, Path.Combine(_root, "home"));
        var sleeperFile = Path.Combine(_root, "sleeper.yaml");
        await File.WriteAllTextAsync(sleeperFile, Manifests.Sleeper("sleeper", _marker));
        await kubectl.OkAsync("apply", "-f", sleeperFile);
        await kubectl.OkAsync("wait", "--for=condition=Ready", "pod/sleeper", "--timeout=60s");
        var execMarker = "3599." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        using var exec = kubectl.StartStreaming("exec", "sleeper", "--", "sh", "-c", $"echo running; exec sleep {execMarker}");
        await exec.WaitForOutputAsync(output => output.Contains("running", StringComparison.Ordinal));
        await WaitUntilAsync(() => MarkedProcesses(execMarker).Count == 1, "the exec's command did not start");

        await server.KillAsync();

        // The exec is the runtime's like a container: the guard kills it with the server.
        await WaitUntilAsync(() => MarkedProcesses(execMarker).Count == 0, "the guard did not kill the exec of a SIGKILLed server");
        await WaitUntilAsync(() => MarkedProcesses().Count == 0, "the guard did not kill the container of a SIGKILLed server");
    }

    [Fact]
    public async Task SigkillDuringABurstOfCreates_LosesNoAcknowledgedPod()
    {
        var first = await StartAsync();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var client = Client(first.Kubeconfig);
        using var stop = new CancellationTokenSource();
        var creators = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"burst-{worker}-{i}";
                var body = $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"restartPolicy":"Never","containers":[{"name":"app","image":"busybox","command":["true"]}]}}""";
                try
                {
                    using var response = await client.PostAsync(new Uri("/api/v1/namespaces/default/pods", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                    if (response.StatusCode == System.Net.HttpStatusCode.Created)
                    {
                        acknowledged.Add(name);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // The server is gone.
                }
            }
        })).ToList();
        await WaitUntilAsync(() => acknowledged.Count >= 40, "the server acknowledged too few creates");

        await first.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(creators);

        Assert.Equal("ok", IntegrityCheck());
        var second = await StartAsync();
        var kubectl = new KubectlRunner(second.Kubeconfig, Path.Combine(_root, "home"));
        var stored = Items(await kubectl.OkAsync("get", "pods", "-o", "json")).Keys.ToHashSet();
        Assert.All(acknowledged, name => Assert.Contains(name, stored));
    }

    private static HttpClient Client(string kubeconfigPath)
    {
        var kubeconfig = File.ReadAllText(kubeconfigPath);
        string Field(string name) => System.Text.RegularExpressions.Regex.Match(kubeconfig, name + @": (\S+)").Groups[1].Value;
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Field("certificate-authority-data"))));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Field("server")) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Field("token"));
        return client;
    }

    private async Task<ServeProcess> StartAsync()
    {
        var server = await ServeProcess.StartAsync(await PodvisorExecutable.GetAsync(), DataDirectory);
        _servers.Add(server);
        return server;
    }

    private static Dictionary<string, JsonObject> Items(string listJson) =>
        JsonNode.Parse(listJson)!["items"]!.AsArray().OfType<JsonObject>().ToDictionary(p => (string)p["metadata"]!["name"]!);

    /// <summary>Processes whose command line carries this test's marker (the sleeper's <c>sleep</c>), or <paramref name="marker"/>.</summary>
    private List<int> MarkedProcesses(string? marker = null) => Podvisor.Testing.MarkedProcesses.Find(marker ?? _marker);

    private string IntegrityCheck()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "podvisor.db")};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure) =>
        Polling.EventuallyAsync(condition, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), () => failure);
}
