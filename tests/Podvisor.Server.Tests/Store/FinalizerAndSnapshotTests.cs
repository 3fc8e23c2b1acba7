using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tests.Store;

/// <summary>Finalizers on stored objects, and lists at a past resourceVersion (the paged list's snapshot).</summary>
public sealed class FinalizerAndSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-store-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "podvisor.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Delete_WithAFinalizer_MarksTheObject_AndTheUpdateRemovingTheLastOneRemovesIt()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        var ev = Event("e");
        ObjectMetadata.Of(ev)["finalizers"] = new JsonArray("example.com/a", "example.com/b");
        store.Create(ResourceKind.Events, ev);

        var (kept, removed) = store.DeleteOrFinalize(ResourceKind.Events, "default", "e");
        store.Update(ResourceKind.Events, "default", "e", c => Finalize(c, "example.com/a"));
        var stillThere = store.Get(ResourceKind.Events, "default", "e");
        using var watch = store.Hub.Subscribe(store.ResourceVersion);
        store.Update(ResourceKind.Events, "default", "e", c => Finalize(c, "example.com/b"));

        Assert.False(removed);
        Assert.Equal("2026-11-25T12:00:00Z", (string?)kept["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(stillThere);
        Assert.Null(store.Get(ResourceKind.Events, "default", "e"));
        Assert.True(watch.Changes.TryRead(out var change));
        Assert.Equal("DELETED", change.Type);
    }

    [Fact]
    public void GracefullyDeletedPod_WithoutFinalizers_StaysUntilItsTerminationEnds()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        var pod = ObjectStoreTests.Pod("web");
        ObjectMetadata.Of(pod)["finalizers"] = new JsonArray("example.com/a");
        store.Create(ResourceKind.Pods, pod);
        store.Update(ResourceKind.Pods, "default", "web", c =>
        {
            ObjectMetadata.Of(c)["deletionTimestamp"] = "2026-11-25T12:00:30Z";
            ObjectMetadata.Of(c)["deletionGracePeriodSeconds"] = 30L;
            return c;
        });

        store.Update(ResourceKind.Pods, "default", "web", c => Finalize(c, "example.com/a"));
        var whileTerminating = store.Get(ResourceKind.Pods, "default", "web");
        store.Delete(ResourceKind.Pods, "default", "web");

        Assert.NotNull(whileTerminating);
        Assert.Null(store.Get(ResourceKind.Pods, "default", "web"));
    }

    [Fact]
    public void ListAt_UndoesEveryLaterChange()
    {
        using var store = ObjectStore.Open(DatabasePath, _time);
        store.Create(ResourceKind.Events, Event("a"));
        store.Create(ResourceKind.Events, Event("b"));
        var at = store.ResourceVersion;
        store.Create(ResourceKind.Events, Event("c"));
        store.Update(ResourceKind.Events, "default", "a", c =>
        {
            c["message"] = "changed";
            return c;
        });
        store.Delete(ResourceKind.Events, "default", "b");

        var then = store.ListAt(ResourceKind.Events, "default", at);

        Assert.Equal(["a", "b"], then.Select(ObjectMetadata.Name));
        Assert.Equal("original", (string?)then[0]["message"]);
    }

    [Fact]
    public void ListAt_BeforeTheHistory_IsExpired()
    {
        using (var first = ObjectStore.Open(DatabasePath, _time))
        {
            first.Create(ResourceKind.Events, Event("a"));
            first.Create(ResourceKind.Events, Event("b"));
        }

        using var store = ObjectStore.Open(DatabasePath, _time);

        var error = Assert.Throws<ResourceVersionTooOldException>(() => store.ListAt(ResourceKind.Events, "default", 1));
        Assert.Equal(1, error.Requested);
    }

    private static JsonObject Finalize(JsonObject obj, string finalizer)
    {
        var finalizers = ObjectMetadata.Of(obj)["finalizers"]!.AsArray();
        finalizers.Remove(finalizers.First(f => (string?)f == finalizer));
        return obj;
    }

    private static JsonObject Event(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["message"] = "original",
    };
}
