using System.Net;
using System.Net.Sockets;
using Podvisor.Engine.Timeline;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Containers;

/// <summary>Exec hooks and probes run inside the container (ExecSync) and see its filesystem; httpGet hooks reach it on the host network.</summary>
[Collection(ContainerdCollection.Name)]
public sealed class HookAndProbeTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_exec_postStart_writes_a_file_only_the_container_sees_and_an_exec_readiness_probe_reads_it()
    {
        var marker = "/tmp/podvisor-cri-marker-" + Guid.NewGuid().ToString("N")[..8];
        await using var engine = new CriEngine(fixture);
        engine.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: hooks}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: registry.k8s.io/busybox:1.27.2
                command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]
                lifecycle:
                  postStart:
                    exec: {command: ["sh", "-c", "echo from-hook > {{marker}}"]}
                readinessProbe:
                  exec: {command: ["cat", "{{marker}}"]}
                  periodSeconds: 1
            """);

        await engine.WaitForAsync(e => e.Container("hooks", "app")?.Ready == true, Limit);
        Assert.Contains(engine.Observer.Timeline, t => t.Step == TimelineStep.PostStartSucceeded);
        Assert.False(File.Exists(marker), "the hook wrote to the host's /tmp, not the container's");
    }

    [Fact]
    public async Task An_httpGet_preStop_hook_reaches_the_container_on_the_host_network()
    {
        var port = FreePort();
        await using var engine = new CriEngine(fixture);
        engine.Admit($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: httphook}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: app
                image: registry.k8s.io/busybox:1.27.2
                command: ["sh", "-c", "mkdir -p /www && echo ok > /www/drain && echo serving && exec httpd -f -p 127.0.0.1:{{port}} -h /www"]
                lifecycle:
                  preStop:
                    httpGet: {host: 127.0.0.1, port: {{port}}, path: drain}
            """);
        await engine.WaitForAsync(e => e.Observer.Lines.Any(l => l.PodName == "httphook" && l.Text == "serving"), Limit);
        await WaitForPortAsync(port);

        engine.Engine.Delete("default", "httphook");
        await engine.WaitForAsync(e => e.Observer.Timeline.Any(t => t.Step == TimelineStep.ContainerExited), Limit);

        Assert.Contains(engine.Observer.Timeline, t => t.Step == TimelineStep.PreStopSucceeded);
        Assert.DoesNotContain(engine.Observer.Events, e => e.Reason == "FailedPreStopHook");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (Environment.TickCount64 < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }
    }
}
