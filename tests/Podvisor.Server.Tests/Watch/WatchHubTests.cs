using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Api;
using Podvisor.Server.Store;
using Podvisor.Server.Tests.Store;

namespace Podvisor.Server.Tests.Watch;

public sealed class WatchHubTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-watch-").FullName;
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Subscribe_FromAResourceVersion_ReplaysEveryLaterChangeInOrder()
    {
        using var store = ObjectStore.Open(Path.Combine(_directory, "db"), _time);
        store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("a"));
        store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("b"));
        store.Delete(ResourceKind.Pods, "default", "a");

        using var subscription = store.Hub.Subscribe(1);
        store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("c"));

        var seen = new List<(string, long)>();
        while (subscription.Changes.TryRead(out var change))
        {
            seen.Add((change.Type, change.ResourceVersion));
        }

        Assert.Equal([("ADDED", 2L), ("DELETED", 3L), ("ADDED", 4L)], seen);
    }

    [Fact]
    public void Subscribe_OlderThanTheHistory_IsGone()
    {
        using var store = ObjectStore.Open(Path.Combine(_directory, "db"), _time);
        store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("a"));
        store.Dispose();
        using var reopened = ObjectStore.Open(Path.Combine(_directory, "db"), _time);

        var error = Assert.Throws<ResourceVersionTooOldException>(() => reopened.Hub.Subscribe(0));

        Assert.Equal((0L, 1L), (error.Requested, error.Oldest));
        Assert.Equal("too old resource version: 0 (1)", error.Message);
    }

    [Fact]
    public void TooOld_IsAnsweredAtTheApiAsTheApiserversExpiredStatus()
    {
        var error = new ResourceVersionTooOldException(3, 7);

        var status = StoreErrors.ToApi(error).ToStatus();

        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 3 (7)","reason":"Expired","code":410}""",
            status.ToJsonString());
        Assert.True(StoreErrors.IsRefusal(error));
        Assert.Equal(410, StoreErrors.CodeOf(error));
    }

    [Fact]
    public void History_KeepsOnlyItsCapacity_AndMovesTheHorizon()
    {
        var hub = new Podvisor.Server.Watch.WatchHub(horizon: 0, capacity: 2);
        for (var rv = 1; rv <= 3; rv++)
        {
            hub.Publish(new WatchEvent("ADDED", ResourceKind.Pods, "default", rv, "{}"));
        }

        Assert.Throws<ResourceVersionTooOldException>(() => hub.Subscribe(0));
        using var fromOne = hub.Subscribe(1);
        Assert.True(fromOne.Changes.TryRead(out var first));
        Assert.Equal(2, first.ResourceVersion);
    }

    [Fact]
    public void ListAndSubscribe_MissesNothingBetweenTheListAndTheWatch()
    {
        using var store = ObjectStore.Open(Path.Combine(_directory, "db"), _time);
        store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("a"));

        var (list, subscription) = store.ListAndSubscribe(ResourceKind.Pods, "default");
        using (subscription)
        {
            store.Create(ResourceKind.Pods, ObjectStoreTests.Pod("b"));

            Assert.Single(list.Items);
            Assert.Equal(1, list.ResourceVersion);
            Assert.True(subscription.Changes.TryRead(out var change));
            Assert.Equal(2, change.ResourceVersion);
        }

        Assert.Equal(0, store.Hub.SubscriberCount);
    }
}
