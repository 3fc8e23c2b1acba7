using System.Text.Json.Nodes;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Server.Api;
using Podvisor.Server.Hosting;
using Podvisor.Server.Store;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Api;

/// <summary>The pod registry over the real store and engine, with a fake runtime: the store ⇄ engine wiring.</summary>
#pragma warning disable CA1001 // IAsyncLifetime.DisposeAsync disposes them; xunit calls it even when a test fails.
public sealed class PodServiceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-pods-").FullName;
    private readonly TimeProvider _time = TimeProvider.System;
    private ObjectStore _store = null!;
    private PodController _controller = null!;
    private PodEngine _engine = null!;
    private PodService _pods = null!;
    private FakeContainerRuntime _runtime = null!;

    public Task InitializeAsync()
    {
        _store = ObjectStore.Open(Path.Combine(_directory, "db"), _time);
        _runtime = new FakeContainerRuntime(_time);
        _controller = new PodController(_store);
        _engine = new PodEngine(_runtime, ImageCatalog.Empty, _controller, new EngineOptions { StateDirectory = _directory, NodeName = "vm" }, _time);
        _pods = new PodService(_store, _controller, _time, "vm");
        new NamespaceService(_store, _pods).EnsureBuiltIn();
        _controller.Attach(_engine);
        _controller.Reconcile();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _controller.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Create_StoresAPendingBoundPod_AndTheEngineRunsIt()
    {
        using var watch = _store.Hub.Subscribe(_store.ResourceVersion);

        var created = _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);

        Assert.Equal("Pending", (string?)created["status"]!["phase"]);
        Assert.Equal("vm", (string?)created["spec"]!["nodeName"]);
        Assert.Equal("Always", (string?)created["spec"]!["restartPolicy"]);
        await _runtime.NextStartAsync(Bound);
        var running = await WaitForPodAsync(watch, "web", pod => (string?)pod["status"]?["phase"] == "Running");
        Assert.Equal(ObjectMetadata.Uid(created), ObjectMetadata.Uid(running));
        Assert.Contains(_store.List(ResourceKind.Events, "default").Items, e => (string?)e["reason"] == "Started" && (string?)e["involvedObject"]!["uid"] == ObjectMetadata.Uid(created));
    }

    [Fact]
    public async Task GracefulDelete_ReturnsThePodWithDeletionTimestamp_AndRemovesItOnceTheContainerExits()
    {
        _runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        using var watch = _store.Hub.Subscribe(_store.ResourceVersion);
        _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);
        var container = await _runtime.NextStartAsync(Bound);
        await WaitForPodAsync(watch, "web", pod => (string?)pod["status"]?["phase"] == "Running");

        var deleting = _pods.Delete("default", "web", new DeleteOptions(30, null, null, "Background"));

        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal("30", deleting["metadata"]!["deletionGracePeriodSeconds"]!.ToString());
        Assert.NotNull(_store.Get(ResourceKind.Pods, "default", "web"));
        await WaitUntilAsync(() => container.SignalsReceived.Count > 0);
        container.Exit(0);
        var deleted = await WaitForAsync(watch, change => change.Type == "DELETED");
        Assert.Null(_store.Get(ResourceKind.Pods, "default", "web"));
        Assert.NotNull(deleted["status"]!["containerStatuses"]![0]!["state"]!["terminated"]);
    }

    [Fact]
    public async Task Delete_WithGraceZero_RemovesAtOnce_AndTheNameCanBeReused()
    {
        _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);
        var first = await _runtime.NextStartAsync(Bound);

        var deleted = _pods.Delete("default", "web", new DeleteOptions(0, null, null, null));
        var again = _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);

        Assert.NotEqual(ObjectMetadata.Uid(deleted), ObjectMetadata.Uid(again));
        await first.Exited.WaitAsync(Bound);
        var second = await _runtime.NextStartAsync(Bound);
        Assert.Equal(ObjectMetadata.Uid(again), second.Launch.PodUid);
    }

    [Fact]
    public void Create_Invalid_IsInvalidWithCauses()
    {
        var manifest = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad"},"spec":{"containers":[{"name":"app"}]}}""";

        var error = Assert.Throws<ApiException>(() => _pods.Create("default", manifest, "Strict", dryRun: false, []));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("Pod \"bad\" is invalid: spec.containers[0].image: Required value", error.Message);
        var status = error.ToStatus();
        Assert.Equal("Pod", (string?)status["details"]!["kind"]);
        Assert.Equal("spec.containers[0].image", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Equal("FieldValueRequired", (string?)status["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public void Create_UnknownFieldUnderStrict_IsTheApiserversBadRequest()
    {
        var manifest = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"typo"},"spec":{"foo":1,"containers":[{"name":"app","image":"busybox"}]}}""";

        var error = Assert.Throws<ApiException>(() => _pods.Create("default", manifest, "Strict", dryRun: false, []));

        Assert.Equal(400, error.Code);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.foo\"", error.Message);
    }

    [Fact]
    public void Create_InAMissingNamespace_IsNotFound()
    {
        var error = Assert.Throws<ApiException>(() => _pods.Create("nope", Manifest("web"), "Strict", dryRun: false, []));

        Assert.Equal(404, error.Code);
        Assert.Equal("namespaces \"nope\" not found", error.Message);
    }

    [Fact]
    public void Update_WithAStaleResourceVersion_IsConflict()
    {
        var created = _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);
        _pods.Update("default", "web", pod => { pod["metadata"]!["labels"] = new JsonObject { ["a"] = "1" }; return pod; }, []);

        var error = Assert.Throws<ApiException>(() => _pods.Update("default", "web", _ => created.DeepClone().AsObject(), []));

        Assert.Equal(409, error.Code);
        Assert.Equal("Operation cannot be fulfilled on pods \"web\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
    }

    [Fact]
    public void Update_ChangingTheCommand_IsForbidden_ButTheImageMayChange()
    {
        _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);

        var updated = _pods.Update("default", "web", pod => { pod["spec"]!["containers"]![0]!["image"] = "busybox:1.37"; return pod; }, []);
        var error = Assert.Throws<ApiException>(() => _pods.Update("default", "web", pod => { pod["spec"]!["containers"]![0]!["command"] = new JsonArray("true"); return pod; }, []));

        Assert.Equal("busybox:1.37", (string?)updated["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(422, error.Code);
        Assert.StartsWith("Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DryRun_UpdateAndDelete_ChangeNothing()
    {
        var created = _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);

        var updated = _pods.Update("default", "web", pod => { pod["spec"]!["containers"]![0]!["image"] = "busybox:1.37"; return pod; }, [], dryRun: true);
        _pods.Delete("default", "web", new DeleteOptions(0, null, null, null), dryRun: true);

        Assert.Equal("busybox:1.37", (string?)updated["spec"]!["containers"]![0]!["image"]);
        var stored = _store.Get(ResourceKind.Pods, "default", "web")!;
        Assert.Equal("busybox", (string?)stored["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(ObjectMetadata.Uid(created), ObjectMetadata.Uid(stored));
    }

    [Fact]
    public async Task UpdatedImage_RestartsThatContainer_OnTheNewImage_WithTheKubeletsKillingEvent()
    {
        using var watch = _store.Hub.Subscribe(_store.ResourceVersion);
        _pods.Create("default", Manifest("web"), "Strict", dryRun: false, []);
        var first = await _runtime.NextStartAsync(Bound);
        await WaitForPodAsync(watch, "web", pod => (string?)pod["status"]?["phase"] == "Running");

        var updated = _pods.Update("default", "web", pod => { pod["spec"]!["containers"]![0]!["image"] = "busybox:1.37"; return pod; }, []);

        Assert.Equal("busybox:1.37", (string?)updated["spec"]!["containers"]![0]!["image"]);
        await _runtime.NextStartAsync(Bound);
        var restarted = await WaitForPodAsync(watch, "web", pod =>
            (int?)pod["status"]?["containerStatuses"]?[0]?["restartCount"] == 1 && pod["status"]!["containerStatuses"]![0]!["state"]?["running"] is not null);
        var status = restarted["status"]!["containerStatuses"]![0]!;
        Assert.Equal("docker.io/library/busybox:1.37", (string?)status["image"]);
        Assert.Equal(143, (int?)status["lastState"]!["terminated"]!["exitCode"]);
        Assert.NotEmpty(first.SignalsReceived);
        Assert.Equal(2, _runtime.All.Count);
        await WaitUntilAsync(() => _store.List(ResourceKind.Events, "default").Items.Any(e =>
            (string?)e["reason"] == "Killing" && (string?)e["message"] == "Container app definition changed, will be restarted"));
    }

    private static string Manifest(string name) =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"app","image":"busybox","command":["sleep","100"]}]}}""";

    private static async Task<JsonObject> WaitForPodAsync(Podvisor.Server.Watch.WatchSubscription watch, string name, Func<JsonObject, bool> condition) =>
        await WaitForAsync(watch, change => change.Kind == ResourceKind.Pods && change.Type != "DELETED"
            && JsonNode.Parse(change.Json)!.AsObject() is var pod && ObjectMetadata.Name(pod) == name && condition(pod));

    private static async Task<JsonObject> WaitForAsync(Podvisor.Server.Watch.WatchSubscription watch, Func<WatchEvent, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        await foreach (var change in watch.Changes.ReadAllAsync(timeout.Token))
        {
            if (condition(change))
            {
                return JsonNode.Parse(change.Json)!.AsObject();
            }
        }

        throw new InvalidOperationException("the watch ended");
    }

    private static Task WaitUntilAsync(Func<bool> condition) =>
        Polling.EventuallyAsync(condition, Bound, TimeSpan.FromMilliseconds(10), () => "condition not met in time");

}
