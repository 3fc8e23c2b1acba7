using System.Net;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>The real kubectl against <c>podvisor serve</c>: what a Kubernetes user types, and what a cluster prints.</summary>
public sealed class KubectlTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    // Outside /tmp: a container's /tmp is private, and the attach test's trigger file must reach the container.
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-manifests-" + Guid.NewGuid().ToString("N"))).FullName;

    private KubectlRunner Kubectl => fixture.Kubectl;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task Apply_Wait_Get_Describe_LikeACluster()
    {
        var file = Write("web.yaml", Manifests.Server("web"));

        Assert.Equal("pod/web created\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Equal("pod/web condition met\n", await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/web", "--timeout=60s"));

        var wide = Lines(await Kubectl.OkAsync("get", "pods", "-o", "wide"));
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$", wide[0]);
        Assert.Matches(@"^web\s+1/1\s+Running\s+0\s+\d+s\s+127\.0\.0\.1\s+\S+\s+<none>\s+<none>$", wide.Single(l => l.StartsWith("web ", StringComparison.Ordinal)));

        var json = JsonNode.Parse(await Kubectl.OkAsync("get", "pod", "web", "-o", "json"))!;
        Assert.Equal("Running", (string?)json["status"]!["phase"]);
        Assert.True(Guid.TryParse((string?)json["metadata"]!["uid"], out _));
        Assert.Equal("True", (string?)json["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]);

        var describe = await Kubectl.OkAsync("describe", "pod", "web");
        Assert.Matches(@"\nStatus:\s+Running\n", describe);
        Assert.Matches(@"Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default/web to ", describe);
        Assert.Matches(@"Normal\s+Started\s+\S+\s+kubelet\s+Started container app", describe);

        Assert.Equal("pod/web unchanged\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Contains("web", await Kubectl.OkAsync("get", "pods", "-A", "-l", "app=web"), StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "web", "--now");
    }

    [Fact]
    public async Task SetImage_RestartsThatContainer_OnTheNewImage()
    {
        await Kubectl.OkAsync("apply", "-f", Write("setimage.yaml", Manifests.Server("setimage", grace: 5)));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/setimage", "--timeout=60s");

        Assert.Equal("pod/setimage image updated\n", await Kubectl.OkAsync("set", "image", "pod/setimage", "app=busybox:1.37"));
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.containerStatuses[0].restartCount}=1", "pod/setimage", "--timeout=60s");
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/setimage", "--timeout=60s");

        var status = JsonNode.Parse(await Kubectl.OkAsync("get", "pod", "setimage", "-o", "json"))!["status"]!["containerStatuses"]![0]!;
        Assert.Equal("docker.io/library/busybox:1.37", (string?)status["image"]);
        Assert.NotNull(status["state"]!["running"]);

        // The container drained on SIGTERM (its trap exits 0) before it was started again.
        Assert.Equal(0, (int?)status["lastState"]!["terminated"]!["exitCode"]);
        Assert.Matches(@"Normal\s+Killing\s+\S+\s+kubelet\s+Container app definition changed, will be restarted", await Kubectl.OkAsync("describe", "pod", "setimage"));
        await Kubectl.OkAsync("delete", "pod", "setimage", "--now");
    }

    [Fact]
    public async Task Apply_AListFile_CreatesEachItem_ThroughOpenApiV2()
    {
        var pod = Manifests.Server("listed", grace: 1).Replace("\n", "\n    ", StringComparison.Ordinal);
        var file = Write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n  - " + pod.TrimEnd() + "\n");

        var applied = await Kubectl.RunAsync("apply", "-f", file);

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Equal("pod/listed created\n", applied.Stdout);
        await Kubectl.OkAsync("delete", "pod", "listed", "--now");
    }

    [Fact]
    public async Task ServerSideApply_OwnsFields()
    {
        var manifest = Manifests.Server("ssa", grace: 1).Replace("    app: ssa", "    app: ssa\n    extra: \"true\"", StringComparison.Ordinal);
        var file = Write("ssa.yaml", manifest);

        Assert.Equal("pod/ssa serverside-applied\n", await Kubectl.OkAsync("apply", "--server-side", "-f", file));
        Assert.Equal("pod/ssa serverside-applied\n", await Kubectl.OkAsync("apply", "--server-side", "-f", Write("ssa.yaml", manifest.Replace("\n    extra: \"true\"", string.Empty, StringComparison.Ordinal))));
        var labels = await Kubectl.OkAsync("get", "pod", "ssa", "-o", "jsonpath={.metadata.labels}");
        var conflict = await Kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "-f", Write("other.yaml", manifest.Replace("app: ssa", "app: mine", StringComparison.Ordinal).Replace("\n    extra: \"true\"", string.Empty, StringComparison.Ordinal)));
        var forced = await Kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", Path.Combine(_files, "other.yaml"));

        Assert.Equal("{\"app\":\"ssa\"}", labels);
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\": .metadata.labels.app", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, "pod/ssa serverside-applied\n"), (forced.ExitCode, forced.Stdout));
        Assert.Equal("mine", await Kubectl.OkAsync("get", "pod", "ssa", "-o", "jsonpath={.metadata.labels.app}"));
        await Kubectl.OkAsync("delete", "pod", "ssa", "--now");
    }

    [Fact]
    public async Task Logs_ByContainer_Follow_AndPrevious()
    {
        await Kubectl.OkAsync("apply", "-f", Write("pair.yaml", Manifests.TwoContainers));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/pair", "--timeout=60s");
        await WaitForAsync(async () => (await Kubectl.RunAsync("logs", "pair", "-c", "app")).Stdout.Contains("app line 3", StringComparison.Ordinal));
        Assert.Equal("app line 1\napp line 2\napp line 3\n", await Kubectl.OkAsync("logs", "pair", "-c", "app"));
        Assert.Equal("app line 3\n", await Kubectl.OkAsync("logs", "pair", "-c", "app", "--tail=1"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z side line\n$", await Kubectl.OkAsync("logs", "pair", "-c", "side", "--timestamps"));

        await Kubectl.OkAsync("apply", "-f", Write("counter.yaml", Manifests.Counter));
        // Until the container is created, a cluster answers "waiting to start" too: ask again until it streams.
        KubectlResult follow = null!;
        await WaitForAsync(async () =>
        {
            follow = await Kubectl.RunAsync(["logs", "-f", "counter"], timeout: TimeSpan.FromSeconds(60));
            return follow.ExitCode == 0 || !follow.Stderr.Contains("waiting to start", StringComparison.Ordinal);
        });
        Assert.True(follow.ExitCode == 0, follow.ToString());
        Assert.EndsWith("count 3\n", follow.Stdout, StringComparison.Ordinal);

        await Kubectl.OkAsync("apply", "-f", Write("crasher.yaml", Manifests.Crasher));
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.containerStatuses[0].restartCount}=1", "pod/crasher", "--timeout=60s");
        Assert.Equal("crashing now\n", await Kubectl.OkAsync("logs", "crasher", "--previous"));
        var missing = await Kubectl.RunAsync("logs", "pair", "-c", "app", "--previous");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (BadRequest): previous terminated container \"app\" in pod \"pair\" not found\n", missing.Stderr);

        await Kubectl.OkAsync("delete", "pod", "pair", "counter", "crasher", "--now");
    }

    [Fact]
    public async Task Exec_PipesStdin_AndReturnsTheExitCode()
    {
        await Kubectl.OkAsync("apply", "-f", Write("shell.yaml", Manifests.Server("shell")));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/shell", "--timeout=60s");

        var echo = await Kubectl.RunAsync(["exec", "-i", "shell", "--", "sh", "-c", "tr a-z A-Z; echo err >&2"], stdin: "hello from stdin\n");
        var failing = await Kubectl.RunAsync("exec", "shell", "--", "sh", "-c", "echo partial; exit 3");
        var missing = await Kubectl.RunAsync("exec", "shell", "-c", "nope", "--", "true");

        Assert.Equal((0, "HELLO FROM STDIN\n", "err\n"), (echo.ExitCode, echo.Stdout, echo.Stderr));
        Assert.Equal(3, failing.ExitCode);
        Assert.Equal("partial\n", failing.Stdout);
        Assert.Equal("command terminated with exit code 3\n", failing.Stderr);
        Assert.NotEqual(0, missing.ExitCode);
        await Kubectl.OkAsync("delete", "pod", "shell", "--now");
    }

    /// <summary>
    /// <c>kubectl exec -it</c> from a terminal: the command gets a terminal of its own (a pseudoterminal, as runc gives an
    /// exec with a tty), and the window size kubectl sends on the resize channel is set on it. The command waits for the
    /// size, since it may run before kubectl's first resize arrives, as on a cluster.
    /// </summary>
    [Fact]
    public async Task ExecWithATerminal_GetsATerminal_OfKubectlsWindowSize()
    {
        await Kubectl.OkAsync("apply", "-f", Write("terminal.yaml", Manifests.Server("terminal")));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/terminal", "--timeout=60s");

        var result = await Kubectl.RunInTerminalAsync(
            ["exec", "-it", "terminal", "--", "sh", "-c", "until s=$(stty size 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != \"0 0\" ]; do sleep 0.1; done; test -t 0 && test -t 2 && echo \"size $s\""], columns: 123, rows: 45);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("size 45 123", result.Stdout, StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "terminal", "--now");
    }

    [Fact]
    public async Task Exec_RunsInTheContainersView_WithItsPrivateTmp()
    {
        var hostOnly = Path.Combine("/tmp", $"podvisor-exec-host-only-{Guid.NewGuid():N}");
        var fromStdin = $"/tmp/from-stdin-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(hostOnly, "host");
        try
        {
            await Kubectl.OkAsync("apply", "-f", Write("tmpview.yaml", Manifests.TmpWriter("tmpview")));
            await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/tmpview", "--timeout=60s");
            using (var logs = Kubectl.StartStreaming("logs", "-f", "tmpview"))
            {
                await logs.WaitForOutputAsync(output => output.Contains("written", StringComparison.Ordinal));
            }

            var seen = await Kubectl.RunAsync("exec", "tmpview", "--", "sh", "-c", $"cat /tmp/x; if [ -e {hostOnly} ]; then echo host-visible; else echo host-hidden; fi");
            var piped = await Kubectl.RunAsync(["exec", "-i", "tmpview", "--", "sh", "-c", $"cat > {fromStdin}; cat /tmp/x {fromStdin}"], stdin: "via stdin\n");
            var missing = await Kubectl.RunAsync("exec", "tmpview", "--", "no-such-binary-xyz");

            // A command that closes its stdin early keeps running: what kubectl still sends is dropped (EPIPE), not fatal.
            var closesStdin = await Kubectl.RunAsync(["exec", "-i", "tmpview", "--", "sh", "-c", "exec 0<&-; sleep 0.5; echo still running"], stdin: new string('x', 1 << 20));

            Assert.Equal((0, "from the container\nhost-hidden\n", string.Empty), (seen.ExitCode, seen.Stdout, seen.Stderr));
            Assert.Equal((0, "from the container\nvia stdin\n", string.Empty), (piped.ExitCode, piped.Stdout, piped.Stderr));
            Assert.Equal((0, "still running\n"), (closesStdin.ExitCode, closesStdin.Stdout));
            Assert.False(File.Exists(fromStdin), "what an exec writes to /tmp must stay in the container's /tmp");
            Assert.Equal((1, "error: exec: \"no-such-binary-xyz\": executable file not found in $PATH\n"), (missing.ExitCode, missing.StderrWithoutKlog));
            await Kubectl.OkAsync("delete", "pod", "tmpview", "--now");
        }
        finally
        {
            File.Delete(hostOnly);
        }
    }

    [Fact]
    public async Task Attach_StreamsWhatTheContainerWritesUntilItEnds()
    {
        var trigger = Path.Combine(_files, "go");
        await Kubectl.OkAsync("apply", "-f", Write("talker.yaml", Manifests.Talker(trigger)));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/talker", "--timeout=60s");

        using var attach = Kubectl.StartStreaming("attach", "talker");
        await attach.WaitForOutputAsync(output => output.Contains("waiting", StringComparison.Ordinal));
        await File.WriteAllTextAsync(trigger, "go");

        Assert.Equal(0, await attach.WaitForExitAsync());
        Assert.EndsWith("waiting\nsaid out\n", attach.Stdout, StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "talker", "--now");
    }

    [Fact]
    public async Task Delete_WithAGracePeriod_ShowsTerminatingOnAWatch_AndWaitsUntilGone()
    {
        await Kubectl.OkAsync("apply", "-f", Write("graceful.yaml", Manifests.Server("graceful")));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/graceful", "--timeout=60s");
        using var watch = Kubectl.StartStreaming("get", "pods", "-w");
        await watch.WaitForOutputAsync(output => output.Contains("graceful", StringComparison.Ordinal));

        var deleted = await Kubectl.OkAsync("delete", "pod", "graceful", "--grace-period=1");

        Assert.Equal("pod \"graceful\" deleted\n", deleted);
        var gone = await Kubectl.RunAsync("get", "pod", "graceful");
        Assert.Equal("Error from server (NotFound): pods \"graceful\" not found\n", gone.Stderr);
        await watch.WaitForOutputAsync(output => Lines(output).Any(l => l.StartsWith("graceful", StringComparison.Ordinal) && l.Contains("Terminating", StringComparison.Ordinal)));
        var logs = Path.Combine(fixture.DataDirectory, "state", "pods");
        Assert.Contains(Directory.EnumerateFiles(logs, "*.log", SearchOption.AllDirectories).Where(f => f.Contains("_graceful_", StringComparison.Ordinal)), f => File.ReadAllText(f).Contains("draining", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_Now_Force_AndWaitForDelete()
    {
        foreach (var name in new[] { "quick", "forced", "awaited" })
        {
            await Kubectl.OkAsync("apply", "-f", Write($"{name}.yaml", Manifests.Server(name)));
        }

        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/quick", "pod/forced", "pod/awaited", "--timeout=60s");

        Assert.Equal("pod \"quick\" deleted (server dry run)\n", await Kubectl.OkAsync("delete", "pod", "quick", "--dry-run=server"));
        Assert.Contains("Running", await Kubectl.OkAsync("get", "pod", "quick"), StringComparison.Ordinal);
        Assert.Equal("pod \"quick\" deleted\n", await Kubectl.OkAsync("delete", "pod", "quick", "--now"));
        var forced = await Kubectl.RunAsync("delete", "pod", "forced", "--force", "--grace-period=0");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("pod \"forced\" force deleted\n", forced.Stdout);
        Assert.StartsWith("Warning: Immediate deletion does not wait for confirmation", forced.Stderr, StringComparison.Ordinal);

        var waiter = Kubectl.RunAsync("wait", "--for=delete", "pod/awaited", "--timeout=60s");
        await Kubectl.OkAsync("delete", "pod", "awaited", "--wait=false");
        var waited = await waiter;
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("No resources found in default namespace.\n", (await Kubectl.RunAsync("get", "pods", "-l", "app in (quick,forced,awaited)")).Stderr);
    }

    [Fact]
    public async Task Events_FilteredByFieldSelector()
    {
        await Kubectl.OkAsync("apply", "-f", Write("evented.yaml", Manifests.Server("evented")));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/evented", "--timeout=60s");

        var table = Lines(await Kubectl.OkAsync("get", "events", "--field-selector", "involvedObject.name=evented"));
        var json = JsonNode.Parse(await Kubectl.OkAsync("get", "events", "--field-selector", "involvedObject.name=evented,reason=Started", "-o", "json"))!;

        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$", table[0]);
        Assert.All(table.Skip(1), row => Assert.Contains("pod/evented", row, StringComparison.Ordinal));
        Assert.Contains(table, row => row.Contains("Started container app", StringComparison.Ordinal));
        var started = Assert.Single(json["items"]!.AsArray());
        Assert.Equal("spec.containers{app}", (string?)started!["involvedObject"]!["fieldPath"]);
        var refused = await Kubectl.RunAsync("get", "events", "--field-selector", "spec.foo=bar");
        Assert.Equal("Error from server (BadRequest): Unable to find \"/v1, Resource=events\" that match label selector \"\", field selector \"spec.foo=bar\": field label not supported: spec.foo\n", refused.Stderr);
        await Kubectl.OkAsync("delete", "pod", "evented", "--now");
    }

    [Fact]
    public async Task InvalidManifests_GetTheApiserversMessages()
    {
        var invalid = await Kubectl.RunAsync("apply", "-f", Write("bad.yaml", Manifests.MissingImage));
        var typoFile = Write("typo.yaml", Manifests.UnknownField);
        var typo = await Kubectl.RunAsync("create", "-f", typoFile);

        Assert.Equal((1, "The Pod \"bad\" is invalid: spec.containers[0].image: Required value\n"), (invalid.ExitCode, invalid.Stderr));
        Assert.Equal(1, typo.ExitCode);
        Assert.Equal(
            $"Error from server (BadRequest): error when creating \"{typoFile}\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagePullPolicyy\"\n",
            typo.Stderr);
        Assert.Equal("Error from server (NotFound): pods \"nope\" not found\n", (await Kubectl.RunAsync("get", "pod", "nope")).Stderr);
    }

    [Fact]
    public async Task Unauthenticated_Is401()
    {
        var wrongToken = await Kubectl.RunAsync("get", "pods", "--token", "not-the-token");
        Assert.Equal(1, wrongToken.ExitCode);
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", wrongToken.Stderr, StringComparison.Ordinal);

        var server = (string)JsonNode.Parse(await Kubectl.OkAsync("config", "view", "--raw", "-o", "json"))!["clusters"]![0]!["cluster"]!["server"]!;
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        using var response = await client.GetAsync(new Uri(server + "/api/v1/pods"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Status", "Unauthorized", 401), ((string?)status["kind"], (string?)status["reason"], (int?)status["code"]));
    }

    [Fact]
    public async Task Nodes_Namespaces_AndApiResources()
    {
        Assert.Matches(@"\nevents\s+ev\s+v1\s+true\s+Event\n", await Kubectl.OkAsync("api-resources"));
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n\S+\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\n$", await Kubectl.OkAsync("get", "nodes"));
        Assert.Equal("yes\n", await Kubectl.OkAsync("auth", "can-i", "delete", "pods"));
        Assert.Contains("FIELD: image <string>", await Kubectl.OkAsync("explain", "pod.spec.containers.image"), StringComparison.Ordinal);
        Assert.Matches(@"Username\s+podvisor\n", await Kubectl.OkAsync("auth", "whoami"));
        Assert.Equal("namespace/team created\n", await Kubectl.OkAsync("create", "namespace", "team"));
        await Kubectl.OkAsync("apply", "-n", "team", "-f", Write("teamweb.yaml", Manifests.Server("teamweb", grace: 1)));
        Assert.Contains("teamweb", await Kubectl.OkAsync("get", "pods", "-n", "team"), StringComparison.Ordinal);
        Assert.Equal("Error from server (NotFound): namespaces \"ghost\" not found\n", (await Kubectl.RunAsync("apply", "-n", "ghost", "-f", Write("ghost.yaml", Manifests.Job))).Stderr.Replace("error when creating \"" + Path.Combine(_files, "ghost.yaml") + "\": ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("namespace \"team\" deleted\n", await Kubectl.OkAsync("delete", "namespace", "team", "--timeout=60s"));
        Assert.Equal(1, (await Kubectl.RunAsync("get", "namespace", "team")).ExitCode);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> Lines(string text) => KubectlPolling.Lines(text);

    private static Task WaitForAsync(Func<Task<bool>> condition) =>
        KubectlPolling.UntilAsync(condition, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
}
