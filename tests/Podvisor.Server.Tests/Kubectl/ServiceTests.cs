using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// A Service in front of two pods, driven by the real kubectl against <c>podvisor serve</c>: the EndpointSlices the
/// controller keeps, and the local proxy on the node port sending round robin to ready endpoints only, with the
/// endpoint delay (the serve default, 5 s) before an unready pod stops getting new connections. The pods are two
/// Pods rather than a Deployment's replicas: pods here share the host's network, so two replicas of one template
/// could not both listen on their port.
/// </summary>
public sealed class ServiceTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-services-" + Guid.NewGuid().ToString("N"))).FullName;

    private KubectlRunner Kubectl => fixture.Kubectl;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task Service_GetsSlices_ProxyRoundRobinsReadyPods_UnreadyLeaveAfterTheDelay_DeletedAreTerminating()
    {
        Assert.True(File.Exists("/usr/bin/python3"), "this test serves HTTP with python3 -m http.server: install Debian's python3 (.ci/run does)");
        var manifest = Path.Combine(_files, "web.yaml");
        await File.WriteAllTextAsync(manifest, Pod("a") + "---\n" + Pod("b") + """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              type: NodePort
              selector: {app: svc-e2e}
              ports:
              - port: 80
                targetPort: http
            """);
        Assert.Contains("service/web created", await Kubectl.OkAsync("apply", "-f", manifest), StringComparison.Ordinal);
        await WaitForAsync(async () => (await EndpointsAsync()).Count(e => e.Ready) == 2);

        var service = JsonNode.Parse(await Kubectl.OkAsync("get", "svc", "web", "-o", "json"))!;
        var clusterIp = (string)service["spec"]!["clusterIP"]!;
        var nodePort = (int)service["spec"]!["ports"]![0]!["nodePort"]!;
        Assert.StartsWith("127.96.", clusterIp, StringComparison.Ordinal);
        var table = (await Kubectl.OkAsync("get", "svc", "web", "-o", "wide")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$", table[0]);
        Assert.Matches($@"^web\s+NodePort\s+{Regex(clusterIp)}\s+<none>\s+80:{nodePort}/TCP\s+\d+s\s+app=svc-e2e$", table[1]);
        var slices = JsonNode.Parse(await Kubectl.OkAsync("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "json"))!["items"]!.AsArray();
        foreach (var slice in slices)
        {
            Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string?)slice!["metadata"]!["name"]);
            Assert.Equal("endpointslice-controller.k8s.io", (string?)slice["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]);
            Assert.Equal(("Service", "web", true), ((string?)slice["metadata"]!["ownerReferences"]![0]!["kind"], (string?)slice["metadata"]!["ownerReferences"]![0]!["name"], (bool?)slice["metadata"]!["ownerReferences"]![0]!["controller"]));
        }

        // Round robin: consecutive connections alternate between the two pods, through the node port and the cluster IP.
        var nodeUrl = $"http://127.0.0.1:{nodePort}/who";
        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await GetAsync(nodeUrl));
        }

        Assert.Equal(["a", "b"], answers.Distinct().Order());
        Assert.All(answers.Zip(answers.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Contains(await GetAsync($"http://{clusterIp}:80/who"), new[] { "a", "b" });

        // Pod a turns unready: its endpoint says so at once, but the proxy keeps sending it new connections until the delay ends.
        await File.WriteAllTextAsync(Path.Combine(_files, "a", "unready"), string.Empty);
        await WaitForAsync(async () => (await EndpointsAsync()).Any(e => e == new Endpoint("web-a", false, false, false)));
        var unready = Stopwatch.StartNew();
        var servedWhileUnready = 0;
        var lastA = TimeSpan.Zero;
        var consecutiveB = 0;
        while (consecutiveB < 6)
        {
            Assert.True(unready.Elapsed < TimeSpan.FromSeconds(60), "the proxy still sends to the unready pod after 60 s");
            if (await GetAsync(nodeUrl) == "a")
            {
                servedWhileUnready++;
                lastA = unready.Elapsed;
                consecutiveB = 0;
            }
            else
            {
                consecutiveB++;
            }
        }

        Assert.True(servedWhileUnready > 0, "the unready pod stopped getting connections at once: no endpoint delay");
        Assert.True(lastA > TimeSpan.FromSeconds(1), $"the unready pod's last connection came {lastA.TotalSeconds:0.0} s after it left the slice; the delay is 5 s");

        // Deleting pod b (its preStop sleep keeps it terminating): its endpoint is terminating and not ready.
        Assert.Equal("pod \"web-b\" deleted\n", await Kubectl.OkAsync("delete", "pod", "web-b", "--wait=false"));
        await WaitForAsync(async () => (await EndpointsAsync()).Any(e => e.Pod == "web-b" && e.Terminating && !e.Ready));

        await Kubectl.OkAsync("delete", "svc", "web");
        await WaitForAsync(async () => (await Kubectl.OkAsync("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "name")).Length == 0);
        await Kubectl.OkAsync("delete", "pod", "web-a", "web-b", "--grace-period=0", "--force", "--ignore-not-found");
    }

    [Fact]
    public async Task CreateServiceAndExpose_PostProtobuf_GetAllocatedAddresses_AndPatchKeepsThem()
    {
        Assert.Equal("service/np created\n", await Kubectl.OkAsync("create", "service", "nodeport", "np", "--tcp=8080:80"));
        Assert.Equal("service/db created\n", await Kubectl.OkAsync("create", "service", "clusterip", "db", "--tcp=5432:5432"));

        var np = JsonNode.Parse(await Kubectl.OkAsync("get", "svc", "np", "-o", "json"))!["spec"]!;
        Assert.Equal(("NodePort", "8080-80", 8080, 80, "TCP"), ((string?)np["type"], (string?)np["ports"]![0]!["name"], (int?)np["ports"]![0]!["port"], (int?)np["ports"]![0]!["targetPort"], (string?)np["ports"]![0]!["protocol"]));
        Assert.InRange((int)np["ports"]![0]!["nodePort"]!, 30000, 32767);
        var clusterIp = (string)JsonNode.Parse(await Kubectl.OkAsync("get", "svc", "db", "-o", "json"))!["spec"]!["clusterIP"]!;

        Assert.Equal("service/db patched\n", await Kubectl.OkAsync("patch", "svc", "db", "-p", """{"spec":{"type":"NodePort"}}"""));
        var db = JsonNode.Parse(await Kubectl.OkAsync("get", "svc", "db", "-o", "json"))!["spec"]!;
        Assert.Equal(clusterIp, (string?)db["clusterIP"]);
        Assert.InRange((int)db["ports"]![0]!["nodePort"]!, 30000, 32767);
        var taken = await Kubectl.RunAsync("create", "service", "nodeport", "clash", "--tcp=81:81", $"--node-port={(int)np["ports"]![0]!["nodePort"]!}");
        Assert.Contains($"spec.ports[0].nodePort: Invalid value: {(int)np["ports"]![0]!["nodePort"]!}: provided port is already allocated", taken.Stderr, StringComparison.Ordinal);

        await Kubectl.OkAsync("delete", "svc", "np", "db");
    }

    private string Pod(string name)
    {
        var root = Directory.CreateDirectory(Path.Combine(_files, name)).FullName;
        File.WriteAllText(Path.Combine(root, "who"), name);
        var port = FreePort();
        return """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-NAME
              labels: {app: svc-e2e}
            spec:
              terminationGracePeriodSeconds: 30
              containers:
              - name: http
                image: busybox
                command: ["/usr/bin/python3", "-m", "http.server", "PORT", "--bind", "127.0.0.1", "--directory", "ROOT"]
                ports: [{name: http, containerPort: PORT}]
                readinessProbe:
                  exec: {command: ["test", "!", "-e", "ROOT/unready"]}
                  periodSeconds: 1
                lifecycle:
                  preStop: {sleep: {seconds: 20}}

            """.Replace("NAME", name, StringComparison.Ordinal).Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("ROOT", root, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task<List<Endpoint>> EndpointsAsync()
    {
        var slices = JsonNode.Parse(await Kubectl.OkAsync("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "json"))!["items"]!.AsArray();
        return [.. slices.SelectMany(s => s!["endpoints"]?.AsArray() ?? []).Select(e => new Endpoint(
            (string)e!["targetRef"]!["name"]!, (bool)e["conditions"]!["ready"]!, (bool)e["conditions"]!["serving"]!, (bool)e["conditions"]!["terminating"]!))];
    }

    private static async Task<string> GetAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static Task WaitForAsync(Func<Task<bool>> condition) =>
        KubectlPolling.UntilAsync(condition, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));

    private sealed record Endpoint(string Pod, bool Ready, bool Serving, bool Terminating);
}
