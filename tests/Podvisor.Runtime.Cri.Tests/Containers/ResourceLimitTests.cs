using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>
/// A container's <c>resources</c> reach containerd as the kubelet sends them (CRI <c>LinuxContainerResources</c>): the
/// memory limit is the container's cgroup limit, and a container that goes past it is killed by the kernel and
/// reported <c>OOMKilled</c>, as on a cluster.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class ResourceLimitTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    // The limit as the container's own cgroup shows it (cgroup v2, else v1); then a 64 MiB buffer filled at once.
    private const string ShowLimit =
        "echo limit $(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)";

    private const string Allocate = "dd if=/dev/zero of=/dev/null bs=64M count=1";

    private static string Pod(string name, string script) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: registry.k8s.io/busybox:1.27.2
            command: ["sh", "-c", "{{script}}"]
            resources:
              limits: {memory: 32Mi, cpu: 500m}
        """;

    [Fact]
    public async Task The_memory_limit_is_the_cgroup_limit_and_going_past_it_is_OOMKilled_with_137()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(Pod("hungry", $"{ShowLimit}; exec {Allocate}; echo survived"));

        await engine.WaitForAsync(e => e.Pod("hungry")?.Status?.Phase == "Failed", Limit);

        Assert.Contains(engine.Observer.Lines, l => l.PodName == "hungry" && l.Text == $"limit {32 * 1024 * 1024}");
        Assert.DoesNotContain(engine.Observer.Lines, l => l.PodName == "hungry" && l.Text == "survived");
        var terminated = engine.Container("hungry", "app")?.State?.Terminated;
        Assert.NotNull(terminated);
        Assert.Equal(137, terminated.ExitCode);
        Assert.Equal("OOMKilled", terminated.Reason);
        Assert.Equal(
            new ContainerExitedPayload(137, "SIGKILL", "OOMKilled"),
            engine.Observer.Timeline.Single(t => t.Step == TimelineStep.ContainerExited).Payload);
    }

    /// <summary>
    /// A child killed by the OOM killer while PID 1 lives on: containerd still reports the container's reason as
    /// <c>OOMKilled</c>, with PID 1's own exit code, and the kubelet passes both on (a cluster shows "OOMKilled, exit code
    /// 0" too).
    /// </summary>
    [Fact]
    public async Task A_child_killed_for_memory_makes_the_reason_OOMKilled_even_when_PID_1_exits_0()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit(Pod("child", $"{ShowLimit}; {Allocate}; echo survived"));

        await engine.WaitForAsync(e => e.Pod("child")?.Status?.Phase == "Succeeded", Limit);

        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "child" && l.Text == "survived"), Limit);
        var terminated = engine.Container("child", "app")?.State?.Terminated;
        Assert.NotNull(terminated);
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("OOMKilled", terminated.Reason);
    }
}
