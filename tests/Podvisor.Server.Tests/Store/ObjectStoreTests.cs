using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tests.Store;

public sealed class ObjectStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-store-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "podvisor.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Create_SetsUidResourceVersionCreationTimestampAndGeneration()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);

        var created = store.Create(ResourceKind.Pods, Pod("web"));

        var metadata = created["metadata"]!;
        Assert.True(Guid.TryParse((string?)metadata["uid"], out _));
        Assert.Equal("1", (string?)metadata["resourceVersion"]);
        Assert.Equal("2026-11-25T12:00:00Z", (string?)metadata["creationTimestamp"]);
        Assert.Equal(1, (long?)metadata["generation"]);
        Assert.Equal("Pod", (string?)created["kind"]);
    }

    [Fact]
    public void Create_Twice_IsAlreadyExists()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Pods, Pod("web"));

        var error = Assert.Throws<ObjectAlreadyExistsException>(() => store.Create(ResourceKind.Pods, Pod("web")));

        Assert.Equal(("pods", "web"), (error.Resource, error.Name));
        var status = StoreErrors.ToApi(error);
        Assert.Equal(409, status.Code);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("pods \"web\" already exists", status.Message);
    }

    [Fact]
    public void Update_BumpsTheResourceVersionAndTheGenerationOnlyForSpecChanges()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Pods, Pod("web"));

        var labelled = store.Update(ResourceKind.Pods, "default", "web", pod =>
        {
            pod["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
            return pod;
        });
        var respecced = store.Update(ResourceKind.Pods, "default", "web", pod =>
        {
            pod["spec"]!["activeDeadlineSeconds"] = 5;
            return pod;
        });
        var unchanged = store.Update(ResourceKind.Pods, "default", "web", _ => null);

        Assert.Equal("2", (string?)labelled["metadata"]!["resourceVersion"]);
        Assert.Equal(1, (long?)labelled["metadata"]!["generation"]);
        Assert.Equal("3", (string?)respecced["metadata"]!["resourceVersion"]);
        Assert.Equal(2, (long?)respecced["metadata"]!["generation"]);
        Assert.Equal("3", (string?)unchanged["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public void ResourceVersions_ContinueAfterReopening_AndObjectsSurvive()
    {
        string uid;
        using (var store = ObjectStore.Open(DatabasePath, _time))
        {
            uid = ObjectMetadata.Uid(store.Create(ResourceKind.Pods, Pod("web")))!;
            store.Create(ResourceKind.Pods, Pod("db"));
            store.Delete(ResourceKind.Pods, "default", "db");
        }

        using var reopened = ObjectStore.Open(DatabasePath, _time);
        var created = reopened.Create(ResourceKind.Pods, Pod("cache"));

        Assert.Equal("4", (string?)created["metadata"]!["resourceVersion"]);
        Assert.Equal(uid, ObjectMetadata.Uid(reopened.Get(ResourceKind.Pods, "default", "web")!));
        Assert.Null(reopened.Get(ResourceKind.Pods, "default", "db"));
    }

    [Fact]
    public void Delete_ReturnsTheObjectWithTheDeletionResourceVersion()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Pods, Pod("web"));

        var deleted = store.Delete(ResourceKind.Pods, "default", "web");

        Assert.Equal("2", (string?)deleted["metadata"]!["resourceVersion"]);
        Assert.Empty(store.List(ResourceKind.Pods, null).Items);
        var missing = Assert.Throws<ObjectNotFoundException>(() => store.Delete(ResourceKind.Pods, "default", "web"));
        Assert.Equal(404, StoreErrors.ToApi(missing).Code);
        Assert.Equal("pods \"web\" not found", StoreErrors.ToApi(missing).Message);
    }

    [Fact]
    public void List_ByNamespace_OnlyThatNamespace()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Pods, Pod("a"));
        store.Create(ResourceKind.Pods, Pod("b", "other"));

        Assert.Equal(["a"], store.List(ResourceKind.Pods, "default").Items.Select(ObjectMetadata.Name));
        Assert.Equal(2, store.List(ResourceKind.Pods, null).Items.Count);
    }

    [Fact]
    public void Events_ExpireAnHourAfterTheirLastTimestamp()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Events, Event("old", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(30));
        store.Create(ResourceKind.Events, Event("new", _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = store.ExpireEvents();

        Assert.Equal(1, expired);
        Assert.Equal(["new"], store.List(ResourceKind.Events, "default").Items.Select(ObjectMetadata.Name));
    }

    internal static JsonObject Pod(string name, string ns = "default") => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
    };

    private static JsonObject Event(string name, DateTimeOffset at) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["reason"] = "Started",
        ["lastTimestamp"] = ObjectMetadata.Timestamp(at),
    };
}
