namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// The real kubectl's <c>attach -i</c> against <c>podvisor serve</c> on the process runtime: a <c>stdin: true</c> container's
/// stdin is a pipe the runtime holds open (so <c>read</c> blocks instead of reading EOF), each attach writes to it, and
/// <c>stdinOnce</c> closes it when the first attach's input ends, as containerd does for a cluster's containers.
/// </summary>
public sealed class KubectlAttachStdinTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    // Outside /tmp: a container's /tmp is private, and the trigger file must reach the container.
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-attach-" + Guid.NewGuid().ToString("N"))).FullName;

    private KubectlRunner Kubectl => fixture.Kubectl;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task AttachStdin_ReachesTheContainer_AndStaysOpenForTheNextAttach()
    {
        await ApplyAndWaitReadyAsync("echoer", """
            apiVersion: v1
            kind: Pod
            metadata: {name: echoer}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox:1.36
                stdin: true
                command: [sh, -c, 'while read line; do echo "got $line"; done; echo "stdin closed"; sleep 600']
            """);

        foreach (var word in new[] { "one", "two" })
        {
            using var attach = Kubectl.StartWithInput("attach", "-i", "echoer");
            await attach.WriteInputAsync(word + "\n");
            await attach.WaitForOutputAsync(output => output.Contains($"got {word}\n", StringComparison.Ordinal));

            // Without stdinOnce the end of this attach's input ends the attach; the container's stdin stays open.
            attach.CloseInput();
            Assert.Equal(0, await attach.WaitForExitAsync());
        }

        Assert.Equal("got one\ngot two\n", await Kubectl.OkAsync("logs", "echoer"));
        Assert.Equal("Running", await Kubectl.OkAsync("get", "pod", "echoer", "-o", "jsonpath={.status.phase}"));
        await Kubectl.OkAsync("delete", "pod", "echoer", "--now");
    }

    /// <summary>
    /// <c>kubectl attach -it</c> from a terminal to a <c>tty: true</c> container: the container's terminal gets kubectl's
    /// window size (channel 4), which the container waits for and prints; its output reaches kubectl through the log.
    /// </summary>
    [Fact]
    public async Task AttachWithATerminal_ResizesTheContainersTerminal()
    {
        await ApplyAndWaitReadyAsync("console", """
            apiVersion: v1
            kind: Pod
            metadata: {name: console}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox:1.36
                stdin: true
                tty: true
                command: [sh, -c, 'until s=$(stty size 2>/dev/null); [ -n "$s" ] && [ "$s" != "0 0" ]; do sleep 0.1; done; test -t 0 && echo "size $s"; sleep 1']
            """);

        var attach = await Kubectl.RunInTerminalAsync(["attach", "-it", "console"], columns: 101, rows: 33);

        Assert.Contains("size 33 101", attach.Stdout, StringComparison.Ordinal);
        Assert.Contains("size 33 101", await Kubectl.OkAsync("logs", "console"), StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "console", "--now");
    }

    [Fact]
    public async Task StdinOnce_ClosesTheContainersStdin_WhenTheFirstAttachsInputEnds()
    {
        await ApplyAndWaitReadyAsync("catter", """
            apiVersion: v1
            kind: Pod
            metadata: {name: catter}
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox:1.36
                stdin: true
                stdinOnce: true
                command: [sh, -c, 'cat; echo "cat ended"']
            """);

        using var attach = Kubectl.StartWithInput("attach", "-i", "catter");
        await attach.WriteInputAsync("hello\n");
        attach.CloseInput();

        // cat reads EOF only if the runtime closed the container's stdin; the attach then streams to the container's end.
        Assert.Equal(0, await attach.WaitForExitAsync());
        Assert.Equal("hello\ncat ended\n", attach.Stdout);
        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/catter", "--timeout=60s");
        Assert.Equal(
            "Completed 0",
            await Kubectl.OkAsync("get", "pod", "catter", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}"));
        await Kubectl.OkAsync("delete", "pod", "catter", "--now");
    }

    [Fact]
    public async Task AttachStdin_ToAContainerWithoutStdin_DropsTheInput_AndStreamsTheOutput()
    {
        var trigger = Path.Combine(_files, "go");
        await ApplyAndWaitReadyAsync("quiet", Manifests.Talker(trigger).Replace("name: talker", "name: quiet", StringComparison.Ordinal));

        // kubectl's stdin is closed at once: its EOF must not end the attach, as a cluster drops input it cannot take.
        using var attach = Kubectl.StartStreaming("attach", "-i", "quiet");
        await attach.WaitForOutputAsync(output => output.Contains("waiting\n", StringComparison.Ordinal));
        await File.WriteAllTextAsync(trigger, "go");

        Assert.Equal(0, await attach.WaitForExitAsync());
        Assert.EndsWith("waiting\nsaid out\n", attach.Stdout, StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "quiet", "--now");
    }

    private async Task ApplyAndWaitReadyAsync(string name, string manifest)
    {
        var file = Path.Combine(_files, name + ".yaml");
        await File.WriteAllTextAsync(file, manifest);
        await Kubectl.OkAsync("apply", "-f", file);
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/" + name, "--timeout=60s");
    }
}
