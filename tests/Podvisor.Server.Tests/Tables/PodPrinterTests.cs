using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Podvisor.Server.Tables;

namespace Podvisor.Server.Tests.Tables;

public sealed class PodPrinterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"phase":"Pending","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"waiting":{"reason":"ContainerCreating"}}}]}""", "0/1", "ContainerCreating", "0")]
    [InlineData("""{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":0,"image":"i","imageID":"","state":{"running":{"startedAt":"2026-11-25T11:59:00Z"}}}]}""", "1/1", "Running", "0")]
    [InlineData("""{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":3,"image":"i","imageID":"","state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2026-11-25T11:55:00Z"}}}]}""", "0/1", "CrashLoopBackOff", "3 (5m ago)")]
    [InlineData("""{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""", "0/1", "Completed", "0")]
    [InlineData("""{"phase":"Failed","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"terminated":{"exitCode":137}}}]}""", "0/1", "ExitCode:137", "0")]
    [InlineData("""{"phase":"Failed","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"terminated":{"exitCode":0,"signal":9}}}]}""", "0/1", "Signal:9", "0")]
    public void Compute_OneContainer(string status, string ready, string reason, string restarts)
    {
        var row = PodPrinter.Compute(Pod(status, containers: ["a"]), Now);

        Assert.Equal((ready, reason, restarts), row);
    }

    [Fact]
    public void Compute_InitContainerRunning_IsInitProgress()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
              {"name":"i2","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"running":{}}}],
             "containerStatuses":[{"name":"a","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"waiting":{"reason":"PodInitializing"}}}]}
            """, containers: ["a"], init: ["i1", "i2"]);

        Assert.Equal("Init:1/2", PodPrinter.Compute(pod, Now).Status);
    }

    [Fact]
    public void Compute_InitContainerFailed_IsInitError()
    {
        var pod = Pod("""
            {"phase":"Pending","initContainerStatuses":[{"name":"i1","ready":false,"restartCount":2,"image":"i","imageID":"","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}
            """, containers: ["a"], init: ["i1"]);

        Assert.Equal("Init:CrashLoopBackOff", PodPrinter.Compute(pod, Now).Status);
    }

    [Fact]
    public void Compute_DeletionTimestampOnARunningPod_IsTerminating()
    {
        var pod = Pod("""{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":0,"image":"i","imageID":"","state":{"running":{}}}]}""", containers: ["a"]);
        pod.Metadata.DeletionTimestamp = Now.UtcDateTime;

        Assert.Equal(("1/1", "Terminating", "0"), PodPrinter.Compute(pod, Now));
    }

    [Fact]
    public void Compute_CompletedSidecarWithARunningContainer_IsRunningOrNotReady()
    {
        var status = """
            {"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[
              {"name":"a","ready":true,"restartCount":0,"image":"i","imageID":"","state":{"running":{}}},
              {"name":"b","ready":false,"restartCount":0,"image":"i","imageID":"","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """;

        Assert.Equal(("1/2", "Running", "0"), PodPrinter.Compute(Pod(status, containers: ["a", "b"]), Now));
        Assert.Equal("NotReady", PodPrinter.Compute(Pod(status.Replace("\"True\"", "\"False\"", StringComparison.Ordinal), containers: ["a", "b"]), Now).Status);
    }

    [Fact]
    public void Cells_IncludeTheWideColumns()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"web","creationTimestamp":"2026-11-25T11:55:00Z"},"spec":{"nodeName":"vm","containers":[{"name":"a"}]},
             "status":{"phase":"Running","podIPs":[{"ip":"127.0.0.1"}],"containerStatuses":[{"name":"a","ready":true,"restartCount":0,"image":"i","imageID":"","state":{"running":{}}}]}}
            """)!.AsObject();

        var cells = PodPrinter.Instance.Cells(pod, Now).Select(c => c?.ToString()).ToList();

        Assert.Equal(["web", "1/1", "Running", "0", "5m", "127.0.0.1", "vm", "<none>", "<none>"], cells);
        Assert.Equal(9, PodPrinter.Instance.Columns.Count);
    }

    private static V1Pod Pod(string status, string[] containers, string[]? init = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Spec = new V1PodSpec
        {
            Containers = containers.Select(c => new V1Container { Name = c }).ToList(),
            InitContainers = init?.Select(c => new V1Container { Name = c }).ToList(),
        },
        Status = KubernetesJson.Deserialize<V1PodStatus>(status),
    };
}
