using k8s.Models;
using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class EventLogTests
{
    [Fact]
    public void Events_MergedUpdatesKeepTheLatestInFirstSeenOrder()
    {
        var recorder = new EventLog();
        recorder.OnEvent(Event("web.a", "BackOff", count: 1));
        recorder.OnEvent(Event("web.b", "Pulled", count: 1));
        recorder.OnEvent(Event("web.a", "BackOff", count: 2));

        Assert.Equal([("web.a", 2), ("web.b", 1)], recorder.Events.Select(e => (e.Metadata.Name, e.Count ?? 0)));
    }

    private static Corev1Event Event(string name, string reason, int count) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Reason = reason, Count = count };
}
