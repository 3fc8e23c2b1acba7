using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>A restarted container is a new CRI container: a new ID, the old one's end in lastState; emptyDir outlives it.</summary>
[Collection(ContainerdCollection.Name)]
public sealed class RestartTests(ContainerdFixture fixture)
{
    [Fact]
    public async Task A_failed_container_restarts_as_a_new_container_with_lastState_and_its_emptyDir_kept()
    {
        await using var engine = new CriEngine(fixture);
        engine.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: restarts}
            spec:
              restartPolicy: OnFailure
              terminationGracePeriodSeconds: 1
              volumes:
              - name: data
                emptyDir: {}
              containers:
              - name: app
                image: registry.k8s.io/busybox:1.27.2
                command: ["sh", "-c", "if [ -f /data/ran ]; then echo second; trap 'exit 0' TERM; while true; do sleep 0.1; done; else touch /data/ran; echo first; exit 3; fi"]
                volumeMounts:
                - {name: data, mountPath: /data}
            """);

        await engine.WaitForAsync(e => e.Container("restarts", "app") is { RestartCount: 1, State.Running: not null }, TimeSpan.FromSeconds(40));

        var status = engine.Container("restarts", "app")!;
        Assert.Equal(3, status.LastState.Terminated.ExitCode);
        Assert.Equal("Error", status.LastState.Terminated.Reason);
        Assert.NotEqual(status.LastState.Terminated.ContainerID, status.ContainerID);

        // As the kubelet reports them: the runtime's name from CRI Version, then containerd's own id.
        Assert.Matches("^containerd://[0-9a-f]{64}$", status.ContainerID);
        Assert.Matches("^containerd://[0-9a-f]{64}$", status.LastState.Terminated.ContainerID);

        // The new instance found the file the first one left in the emptyDir (its log is followed, not pushed: wait for the line).
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "restarts" && l.Text == "second"), TimeSpan.FromSeconds(10));
    }
}
