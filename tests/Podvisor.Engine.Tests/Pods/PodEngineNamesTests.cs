using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>
/// The engine finds pods by (namespace, name) (a dictionary beside the admission-ordered list, so admitting 5000 pods
/// no longer scans every earlier one): a name is unique per namespace, free again once forgotten, and each lookup
/// reaches the right worker.
/// </summary>
public sealed class PodEngineNamesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static string Pod(string name, string ns = "default") => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          containers:
          - name: app
            image: busybox
            command: [sh]
        """;

    [Fact]
    public async Task Admit_SameNameTwiceInANamespace_Refused_OtherNamespaceAccepted()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("web"));

        var refused = Assert.Throws<InvalidOperationException>(() => h.Admit(Pod("web")));
        Assert.Equal("pods \"web\" already exists", refused.Message);
        h.Admit(Pod("web", ns: "other"));

        Assert.True(h.Engine.Has("default", "web"));
        Assert.True(h.Engine.Has("other", "web"));
        Assert.False(h.Engine.Has("default", "api"));
        Assert.Equal(["default", "other"], h.Engine.Pods.Select(p => p.Metadata.NamespaceProperty));
        Assert.Throws<KeyNotFoundException>(() => h.Engine.Delete("default", "api"));
    }

    [Fact]
    public async Task Delete_ReachesThatPodOnly_AndForgetFreesItsName()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("a"));
        h.Admit(Pod("b"));
        await h.NextRunningAsync();
        await h.NextRunningAsync();

        h.Engine.Delete("default", "a", gracePeriodSeconds: 0);
        await h.Engine.ForgetAsync("default", "a").WaitAsync(Bound);

        Assert.False(h.Engine.Has("default", "a"));
        Assert.Equal(["b"], h.Engine.Pods.Select(p => p.Metadata.Name));
        Assert.Null(h.Engine.Pods.Single().Metadata.DeletionTimestamp);

        // The name is free again: a new pod of that name is admitted and runs.
        h.Admit(Pod("a"));
        await h.NextRunningAsync().WaitAsync(Bound);
        Assert.Equal(["b", "a"], h.Engine.Pods.Select(p => p.Metadata.Name));
    }
}
