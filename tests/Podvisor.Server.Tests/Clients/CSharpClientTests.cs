using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Podvisor.Server.Tests.Kubectl;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Clients;

/// <summary>The C# client (KubernetesClient) against a real <c>podvisor serve</c>, as a controller uses it.</summary>
public sealed class CSharpClientTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly Kubernetes _client = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Watch_WithTimeoutAndBookmarks_EndsCleanlyAfterABookmark()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync("default");
        var events = new List<WatchEventType>();
        var errors = new List<Exception>();

        using var cancel = new CancellationTokenSource(Bound);
        await foreach (var (type, _) in _client.CoreV1.WatchListNamespacedPodAsync(
            "default", resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, timeoutSeconds: 1, onError: errors.Add, cancellationToken: cancel.Token))
        {
            events.Add(type);
        }

        Assert.Empty(errors);
        Assert.Equal([WatchEventType.Bookmark], events);
    }

    [Fact]
    public async Task SelectorWatch_FromAListsVersion_SeesThePodLeaveAndComeBack()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("cs-watch", "a"), "default");
        var list = await _client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=a");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"b\"}}}", V1Patch.PatchType.MergePatch), "cs-watch", "default");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"a\"}}}", V1Patch.PatchType.StrategicMergePatch), "cs-watch", "default");

        var seen = new List<(WatchEventType, string)>();
        using var cancel = new CancellationTokenSource(Bound);
        await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "app=a", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token))
        {
            seen.Add((type, pod.Metadata.Labels["app"]));
            if (type == WatchEventType.Added)
            {
                break;
            }
        }

        await _client.CoreV1.DeleteNamespacedPodAsync("cs-watch", "default", gracePeriodSeconds: 0);
        // Status writes of the starting pod may come as MODIFIED while it matches; never while it does not.
        Assert.Equal([(WatchEventType.Deleted, "b"), (WatchEventType.Added, "a")], seen.Where(e => e.Item1 != WatchEventType.Modified));
        Assert.All(seen.Where(e => e.Item1 == WatchEventType.Modified), e => Assert.Equal("a", e.Item2));
    }

    [Fact]
    public async Task Finalizer_KeepsADeletedPod_UntilAPatchRemovesIt()
    {
        var pod = Pod("cs-final", "x");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        await _client.CoreV1.DeleteNamespacedPodAsync("cs-final", "default", gracePeriodSeconds: 1);
        var held = await _client.CoreV1.ReadNamespacedPodAsync("cs-final", "default");
        // The termination ends (the kubelet's final delete sets deletionGracePeriodSeconds 0); the finalizer keeps the pod.
        await WaitAsync(async () => (await _client.CoreV1.ReadNamespacedPodAsync("cs-final", "default")).Metadata.DeletionGracePeriodSeconds == 0);
        var final = await _client.CoreV1.ReadNamespacedPodAsync("cs-final", "default");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]", V1Patch.PatchType.JsonPatch), "cs-final", "default");

        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodAsync("cs-final", "default"));
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Equal(["example.com/hold"], final.Metadata.Finalizers);
        Assert.True(final.Status.Phase is "Succeeded" or "Failed", final.Status.Phase);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Events_AreWritable_AndServedAsEventsV1()
    {
        var created = await _client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { GenerateName = "cs." },
                InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "cs", NamespaceProperty = "default" },
                Reason = "Testing",
                Message = "from C#",
                Type = "Normal",
            },
            "default");
        var asV1 = await _client.EventsV1.ReadNamespacedEventAsync(created.Metadata.Name, "default");
        await _client.CoreV1.DeleteNamespacedEventAsync(created.Metadata.Name, "default");

        Assert.StartsWith("cs.", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("from C#", "cs"), (asV1.Note, asV1.Regarding.Name));
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedEventAsync(created.Metadata.Name, "default"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Paging_IsConsistent_AndAStaleReplaceIsAConflict()
    {
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "cs-paging" } });
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            await _client.CoreV1.CreateNamespacedPodAsync(Pod(name, "p"), "cs-paging");
        }

        var first = await _client.CoreV1.ListNamespacedPodAsync("cs-paging", limit: 2);
        await _client.CoreV1.DeleteNamespacedPodAsync("p3", "cs-paging", gracePeriodSeconds: 0);
        var second = await _client.CoreV1.ListNamespacedPodAsync("cs-paging", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var stale = await _client.CoreV1.ReadNamespacedPodAsync("p1", "cs-paging");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"bump\":\"1\"}}}", V1Patch.PatchType.MergePatch), "p1", "cs-paging");
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedPodAsync(stale, "p1", "cs-paging"));

        // The second page is read at the first page's version: p3, deleted in between, is still in it.
        Assert.Equal(["p1", "p2"], first.Items.Select(p => p.Metadata.Name));
        Assert.Equal(1, first.Metadata.RemainingItemCount);
        Assert.Equal(["p3"], second.Items.Select(p => p.Metadata.Name));
        Assert.Null(second.Metadata.ContinueProperty);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", conflict.Response.Content, StringComparison.Ordinal);
        await _client.CoreV1.DeleteNamespaceAsync("cs-paging");
    }

    private static V1Pod Pod(string name, string app) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = [new V1Container { Name = "app", Image = "busybox:1.36", Command = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"] }],
        },
    };

    private static Task WaitAsync(Func<Task<bool>> condition) =>
        Polling.EventuallyAsync(condition, Bound, TimeSpan.FromMilliseconds(100), () => "the API never showed it");
}
