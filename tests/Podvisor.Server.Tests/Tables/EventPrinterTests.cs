using System.Text.Json.Nodes;
using Podvisor.Server.Tables;

namespace Podvisor.Server.Tests.Tables;

public sealed class EventPrinterTests
{
    [Fact]
    public void Cells_AreKubectlsEventColumns()
    {
        var ev = JsonNode.Parse("""
            {"metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{app}"},
             "reason":"Started","message":"Started container app ","type":"Normal","source":{"component":"kubelet","host":"vm"},
             "firstTimestamp":"2026-11-25T11:50:00Z","lastTimestamp":"2026-11-25T11:59:00Z","count":3}
            """)!.AsObject();

        var cells = EventPrinter.Instance.Cells(ev, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            ["60s", "Normal", "Started", "pod/web", "spec.containers{app}", "kubelet, vm", "Started container app", "10m", "3", "web.1"],
            cells.Select(c => c?.ToString()));
        Assert.Equal("integer", EventPrinter.Instance.Columns[8].Type);
    }
}
