using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>Deployments and ReplicaSets driven by the real kubectl against <c>podvisor serve</c>, as on a cluster.</summary>
public sealed class DeploymentTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-deployments-" + Guid.NewGuid().ToString("N"))).FullName;

    private KubectlRunner Kubectl => fixture.Kubectl;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task CreateDeployment_RollsOut_Scales_Prints_Describes_AndDeletesWhatItOwns()
    {
        Assert.Equal("deployment.apps/web created\n", await Kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=3", "--", "sleep", "600"));
        Assert.Contains("deployment \"web\" successfully rolled out", await Kubectl.OkAsync("rollout", "status", "deploy/web", "--timeout=90s"), StringComparison.Ordinal);

        var sets = await JsonAsync("get", "rs", "-l", "app=web", "-o", "json");
        var set = Assert.Single(sets["items"]!.AsArray())!;
        var setName = (string)set["metadata"]!["name"]!;
        var hash = (string)set["metadata"]!["labels"]!["pod-template-hash"]!;
        Assert.Equal("web-" + hash, setName);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal("1", (string?)set["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);

        var pods = (await JsonAsync("get", "pods", "-l", "app=web", "-o", "json"))["items"]!.AsArray();
        Assert.Equal(3, pods.Count);
        foreach (var pod in pods)
        {
            Assert.Matches($"^{setName}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$", (string?)pod!["metadata"]!["name"]);
            var owner = Assert.Single(pod["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal(("apps/v1", "ReplicaSet", setName, true, true), ((string?)owner["apiVersion"], (string?)owner["kind"], (string?)owner["name"], (bool?)owner["controller"], (bool?)owner["blockOwnerDeletion"]));
        }

        var wide = Lines(await Kubectl.OkAsync("get", "deploy,rs", "-l", "app=web", "-o", "wide"));
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$", wide[0]);
        Assert.Matches(@"^deployment\.apps/web\s+3/3\s+3\s+3\s+\d+s\s+busybox\s+busybox\s+app=web$", wide[1]);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$", wide[2]);
        Assert.Matches($@"^replicaset\.apps/{setName}\s+3\s+3\s+3\s+\d+s\s+busybox\s+busybox\s+app=web,pod-template-hash={hash}$", wide[3]);

        Assert.Equal("deployment.apps/web scaled\n", await Kubectl.OkAsync("scale", "deploy/web", "--replicas=1"));
        await WaitForAsync(async () => (await JsonAsync("get", "pods", "-l", "app=web", "-o", "json"))["items"]!.AsArray().Count == 1);
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.replicas}=1", "deploy/web", "--timeout=60s");

        var describe = await Kubectl.OkAsync("describe", "deploy", "web");
        Assert.Matches(@"Replicas:\s+1 desired \| 1 updated \| 1 total \| 1 available \| 0 unavailable", describe);
        Assert.Matches(@"StrategyType:\s+RollingUpdate", describe);
        Assert.Matches(@"RollingUpdateStrategy:\s+25% max unavailable, 25% max surge", describe);
        Assert.Matches($@"NewReplicaSet:\s+{setName} \(1/1 replicas created\)", describe);
        Assert.Matches($@"Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set {setName} from 0 to 3", describe);
        Assert.Matches($@"Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled down replica set {setName} from 3 to 1", describe);
        Assert.Matches($@"Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: {setName}-", await Kubectl.OkAsync("describe", "rs", setName));

        Assert.Equal("deployment.apps \"web\" deleted\n", await Kubectl.OkAsync("delete", "deploy", "web"));
        await WaitForAsync(async () => (await Kubectl.OkAsync("get", "rs,pods", "-l", "app=web", "-o", "name")).Length == 0);
    }

    [Fact]
    public async Task RolloutRestart_ReplacesEveryPod_ThenHistoryAndUndo()
    {
        await Kubectl.OkAsync("apply", "-f", Write("roll.yaml", Deployment("roll", replicas: 2)));
        await Kubectl.OkAsync("rollout", "status", "deploy/roll", "--timeout=90s");
        var firstPods = await PodNamesAsync("roll");
        var firstSet = Assert.Single(await SetNamesAsync("roll"));

        Assert.Equal("deployment.apps/roll restarted\n", await Kubectl.OkAsync("rollout", "restart", "deploy/roll"));
        Assert.Contains("successfully rolled out", await Kubectl.OkAsync("rollout", "status", "deploy/roll", "--timeout=120s"), StringComparison.Ordinal);
        await WaitForAsync(async () => (await PodNamesAsync("roll")).Count == 2);
        var secondPods = await PodNamesAsync("roll");
        Assert.Empty(secondPods.Intersect(firstPods));
        var secondSet = Assert.Single((await SetNamesAsync("roll")).Except([firstSet]));
        Assert.All(secondPods, p => Assert.StartsWith(secondSet + "-", p, StringComparison.Ordinal));
        Assert.Equal("0", await Kubectl.OkAsync("get", "rs", firstSet, "-o", "jsonpath={.spec.replicas}"));

        // A change-cause annotated after the rollout reaches the current set (upstream copies the annotations each sync).
        await Kubectl.OkAsync("annotate", "deploy/roll", "kubernetes.io/change-cause=restart one");
        await WaitForAsync(async () => await Kubectl.OkAsync("get", "rs", secondSet, "-o", "jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}") == "restart one");
        var history = Lines(await Kubectl.OkAsync("rollout", "history", "deploy/roll"));
        Assert.Equal("deployment.apps/roll ", history[0]);
        Assert.Matches(@"^REVISION\s+CHANGE-CAUSE$", history[1]);
        Assert.Matches(@"^1\s+<none>$", history[2]);
        Assert.Matches(@"^2\s+restart one$", history[3]);

        Assert.Equal("deployment.apps/roll rolled back\n", await Kubectl.OkAsync("rollout", "undo", "deploy/roll"));
        await Kubectl.OkAsync("rollout", "status", "deploy/roll", "--timeout=120s");
        await WaitForAsync(async () => (await PodNamesAsync("roll")).All(p => p.StartsWith(firstSet + "-", StringComparison.Ordinal)));
        Assert.Equal("3", await Kubectl.OkAsync("get", "rs", firstSet, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
        Assert.Equal("3", await Kubectl.OkAsync("get", "deploy", "roll", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
        var progressing = await Kubectl.OkAsync("get", "deploy", "roll", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");
        Assert.Equal("NewReplicaSetAvailable", progressing);

        await Kubectl.OkAsync("delete", "deploy", "roll", "--cascade=orphan");
        var orphan = await JsonAsync("get", "rs", firstSet, "-o", "json");
        Assert.Null(orphan["metadata"]!["ownerReferences"]);
        await Kubectl.OkAsync("delete", "rs", firstSet, secondSet);
        await WaitForAsync(async () => (await PodNamesAsync("roll")).Count == 0);
    }

    [Fact]
    public async Task InvalidDeployments_AreRefused_InTheApiserversWords()
    {
        var mismatch = Deployment("bad", replicas: 1).Replace("      labels:\n        app: bad", "      labels:\n        app: other", StringComparison.Ordinal);
        var refused = await Kubectl.RunAsync("apply", "-f", Write("bad.yaml", mismatch));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("The Deployment \"bad\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", refused.Stderr, StringComparison.Ordinal);

        await Kubectl.OkAsync("apply", "-f", Write("good.yaml", Deployment("good", replicas: 0)));
        var moved = Deployment("good", replicas: 0).Replace("app: good", "app: moved", StringComparison.Ordinal);
        var immutable = await Kubectl.RunAsync("apply", "-f", Write("moved.yaml", moved));
        Assert.Equal(1, immutable.ExitCode);
        Assert.Contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"moved\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", immutable.Stderr, StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "deploy", "good");
    }

    [Fact]
    public async Task ProgressDeadline_PodNeverReady_RolloutStatusFails()
    {
        var unready = Deployment("late", replicas: 1)
            .Replace("  replicas: 1", "  replicas: 1\n  progressDeadlineSeconds: 2", StringComparison.Ordinal)
            .TrimEnd() + "\n        readinessProbe:\n          exec:\n            command: [\"false\"]\n          periodSeconds: 1\n";
        await Kubectl.OkAsync("apply", "-f", Write("late.yaml", unready));

        var status = await Kubectl.RunAsync(["rollout", "status", "deploy/late", "--timeout=60s"], timeout: TimeSpan.FromSeconds(90));

        Assert.Equal(1, status.ExitCode);
        Assert.Equal("error: deployment \"late\" exceeded its progress deadline\n", status.Stderr);
        var condition = (await JsonAsync("get", "deploy", "late", "-o", "json"))["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Progressing")!;
        Assert.Equal(("False", "ReplicaSet \"" + Assert.Single(await SetNamesAsync("late")) + "\" has timed out progressing."), ((string?)condition["status"], (string?)condition["message"]));
        Assert.Equal("False", await Kubectl.OkAsync("get", "deploy", "late", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"));
        await Kubectl.OkAsync("delete", "deploy", "late");
    }

    [Fact]
    public async Task Examples_RecreateStopsTheOldPodFirst_AndPauseShowsInTheConditions()
    {
        var examples = Path.Combine(PodvisorExecutable.RepositoryRoot(), "examples", "workloads");
        await Kubectl.OkAsync("apply", "-f", Path.Combine(examples, "recreate.yaml"));
        await Kubectl.OkAsync("rollout", "status", "deploy/singleton", "--timeout=90s");
        var first = Assert.Single(await SetNamesAsync("singleton"));

        await Kubectl.OkAsync("rollout", "restart", "deploy/singleton");
        await Kubectl.OkAsync("rollout", "status", "deploy/singleton", "--timeout=120s");
        var second = Assert.Single((await SetNamesAsync("singleton")).Except([first]));
        var events = (await JsonAsync("get", "events", "--field-selector", "involvedObject.name=singleton,reason=ScalingReplicaSet", "-o", "json"))["items"]!.AsArray()
            .Select(e => (string)e!["message"]!).ToList();
        var down = events.IndexOf($"Scaled down replica set {first} from 1 to 0");
        var up = events.IndexOf($"Scaled up replica set {second} from 0 to 1");
        Assert.True(down >= 0 && up > down, string.Join("\n", events));

        await Kubectl.OkAsync("apply", "-f", Path.Combine(examples, "worker.yaml"));
        await Kubectl.OkAsync("rollout", "status", "deploy/worker", "--timeout=120s");
        Assert.Equal("deployment.apps/worker paused\n", await Kubectl.OkAsync("rollout", "pause", "deploy/worker"));
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}=DeploymentPaused", "deploy/worker", "--timeout=60s");
        var restartPaused = await Kubectl.RunAsync("rollout", "restart", "deploy/worker");
        Assert.Equal(1, restartPaused.ExitCode);
        Assert.Equal("deployment.apps/worker resumed\n", await Kubectl.OkAsync("rollout", "resume", "deploy/worker"));
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}=NewReplicaSetAvailable", "deploy/worker", "--timeout=60s");
        await Kubectl.OkAsync("delete", "deploy", "singleton", "worker");
        await WaitForAsync(async () => (await Kubectl.OkAsync("get", "rs,pods", "-l", "app in (singleton,worker)", "-o", "name")).Length == 0);
    }

    /// <summary>A Deployment whose pods drain on SIGTERM at once (the process runtime needs a command).</summary>
    private static string Deployment(string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              terminationGracePeriodSeconds: 5
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"]
        """;

    private async Task<JsonNode> JsonAsync(params string[] arguments) => JsonNode.Parse(await Kubectl.OkAsync(arguments))!;

    private async Task<List<string>> PodNamesAsync(string app) =>
        [.. (await JsonAsync("get", "pods", "-l", "app=" + app, "-o", "json"))["items"]!.AsArray()
            .Where(p => p!["metadata"]!["deletionTimestamp"] is null)
            .Select(p => (string)p!["metadata"]!["name"]!)];

    private async Task<List<string>> SetNamesAsync(string app) =>
        [.. (await JsonAsync("get", "rs", "-l", "app=" + app, "-o", "json"))["items"]!.AsArray().Select(p => (string)p!["metadata"]!["name"]!)];

    private string Write(string name, string content)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> Lines(string text) => KubectlPolling.Lines(text);

    private static Task WaitForAsync(Func<Task<bool>> condition) =>
        KubectlPolling.UntilAsync(condition, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));
}
