using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// The real kubectl against <c>podvisor serve --runtime containerd</c>: <c>kubectl exec</c> runs inside the container
/// (CRI Exec) and <c>kubectl attach</c> streams what the container writes from then on, stdout and stderr apart, until
/// it exits (read from the CRI log file containerd writes).
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class KubectlAttachTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    // The trigger is a file in the container's own /tmp, made by kubectl exec: the host cannot reach it.
    private const string Talker = """
        apiVersion: v1
        kind: Pod
        metadata: {name: talker}
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'while [ ! -e /tmp/go ]; do echo waiting; sleep 0.2; done; echo "said out"; echo "said err" >&2']
        """;

    [Fact]
    public async Task Attach_streams_stdout_and_stderr_until_the_container_exits_and_exec_triggers_it_inside()
    {
        await using var serve = await ServeOnContainerd.StartAsync(fixture);
        var manifest = Path.Combine(fixture.Directory, "talker-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        await File.WriteAllTextAsync(manifest, Talker);
        await serve.OkAsync("apply", "-f", manifest);
        await serve.OkAsync("wait", "--for=condition=Ready", "pod/talker", "--timeout=60s");

        using var attach = serve.Start("attach", "talker");
        await attach.WaitForOutputAsync(output => output.Contains("waiting\n", StringComparison.Ordinal), Limit);
        await serve.OkAsync("exec", "talker", "--", "touch", "/tmp/go");

        Assert.Equal(0, await attach.WaitForExitAsync(Limit));
        Assert.EndsWith("waiting\nsaid out\n", attach.Stdout, StringComparison.Ordinal);
        Assert.Contains("said err\n", attach.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("said err", attach.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/go"), "the exec's file must be in the container's /tmp, not the host's");
    }

    [Fact]
    public async Task Attach_with_stdin_is_refused_with_the_reason()
    {
        await using var serve = await ServeOnContainerd.StartAsync(fixture);
        var manifest = Path.Combine(fixture.Directory, "stdin-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        await File.WriteAllTextAsync(manifest, Talker);
        await serve.OkAsync("apply", "-f", manifest);
        await serve.OkAsync("wait", "--for=condition=Ready", "pod/talker", "--timeout=60s");

        using var attach = serve.Start("attach", "-i", "talker");

        Assert.Equal(1, await attach.WaitForExitAsync(Limit));
        Assert.Contains("container app in pod talker does not accept stdin", attach.Stderr, StringComparison.Ordinal);
    }
}
