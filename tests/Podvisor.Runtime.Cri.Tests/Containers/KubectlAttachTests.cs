using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// The real kubectl against <c>podvisor serve --runtime containerd</c>: <c>kubectl exec</c> runs inside the container
/// (CRI Exec) and <c>kubectl attach</c> streams what the container writes from then on, stdout and stderr apart, until
/// it exits (read from the CRI log file containerd writes). <c>kubectl attach -i</c> writes to the stdin containerd holds
/// open for a container with <c>stdin: true</c> (CRI Attach); <c>stdinOnce</c> closes it when that attach's input ends.
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

    // `read` gets EOF at once unless the runtime holds the container's stdin open.
    private const string Echoer = """
        apiVersion: v1
        kind: Pod
        metadata: {name: echoer}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: busybox:1.36
            stdin: true
            command: [sh, -c, 'while read line; do echo "got $line"; done; echo "stdin closed"; sleep 600']
        """;

    private const string Catter = """
        apiVersion: v1
        kind: Pod
        metadata: {name: catter}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: busybox:1.36
            stdin: true
            stdinOnce: true
            command: [sh, -c, 'cat; echo "cat ended"']
        """;

    [Fact]
    public async Task Attach_with_stdin_to_a_container_without_stdin_drops_the_input_and_streams_the_output()
    {
        await using var serve = await ServeOnContainerd.StartAsync(fixture);
        await ApplyAndWaitReadyAsync(serve, Talker, "talker");

        // kubectl's stdin is closed at once: its EOF must not end the attach, as containerd ignores input it cannot take.
        using var attach = serve.Start("attach", "-i", "talker");
        await attach.WaitForOutputAsync(output => output.Contains("waiting\n", StringComparison.Ordinal), Limit);
        await serve.OkAsync("exec", "talker", "--", "touch", "/tmp/go");

        Assert.Equal(0, await attach.WaitForExitAsync(Limit));
        Assert.EndsWith("waiting\nsaid out\n", attach.Stdout, StringComparison.Ordinal);
        Assert.Contains("said err\n", attach.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_stdin_reaches_the_container_and_stays_open_for_the_next_attach()
    {
        await using var serve = await ServeOnContainerd.StartAsync(fixture);
        await ApplyAndWaitReadyAsync(serve, Echoer, "echoer");

        foreach (var word in new[] { "one", "two" })
        {
            using var attach = serve.StartWithInput("attach", "-i", "echoer");
            await attach.WriteInputAsync(word + "\n");
            await attach.WaitForOutputAsync(output => output.Contains($"got {word}\n", StringComparison.Ordinal), Limit);

            // Without stdinOnce the end of this attach's input ends the attach, and the container's stdin stays open.
            attach.CloseInput();
            Assert.Equal(0, await attach.WaitForExitAsync(Limit));
        }

        var logs = await serve.OkAsync("logs", "echoer");
        Assert.Equal("got one\ngot two\n", logs);
        Assert.Equal("Running", await serve.OkAsync("get", "pod", "echoer", "-o", "jsonpath={.status.phase}"));
    }

    [Fact]
    public async Task StdinOnce_closes_the_container_stdin_when_the_first_attach_input_ends()
    {
        await using var serve = await ServeOnContainerd.StartAsync(fixture);
        await ApplyAndWaitReadyAsync(serve, Catter, "catter");

        using var attach = serve.StartWithInput("attach", "-i", "catter");
        await attach.WriteInputAsync("hello\n");
        attach.CloseInput();

        // cat reads EOF only if containerd closed the container's stdin; the attach then streams to the container's end.
        Assert.Equal(0, await attach.WaitForExitAsync(Limit));
        Assert.Equal("hello\ncat ended\n", attach.Stdout);
        await Polling.EventuallyAsync(
            async () => await serve.OkAsync("get", "pod", "catter", "-o", "jsonpath={.status.phase}") == "Succeeded",
            Limit,
            TimeSpan.FromMilliseconds(200),
            () => "the pod did not succeed after its stdin was closed");
        Assert.Equal(
            "Completed 0",
            await serve.OkAsync("get", "pod", "catter", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}"));
    }

    private async Task ApplyAndWaitReadyAsync(ServeOnContainerd serve, string manifest, string name)
    {
        var path = Path.Combine(fixture.Directory, name + "-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        await File.WriteAllTextAsync(path, manifest);
        await serve.OkAsync("apply", "-f", path);
        await serve.OkAsync("wait", "--for=condition=Ready", "pod/" + name, "--timeout=60s");
    }
}
