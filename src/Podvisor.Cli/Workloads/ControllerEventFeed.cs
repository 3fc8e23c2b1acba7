using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Cli.Run;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// Shows in the live view the events the controllers record (a Deployment's <c>ScalingReplicaSet</c>, a ReplicaSet's
/// <c>SuccessfulCreate</c>): the engine reports pod events itself, these exist only in the server's store.
/// </summary>
internal sealed class ControllerEventFeed(WorkloadClient client, LiveView view, TimeProvider time)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await ShowNewAsync(stop).ConfigureAwait(false);
                await Task.Delay(Period, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is stopping.
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException)
        {
            view.Notice($"podvisor: controller events are no longer shown: {exception.Message}", "yellow");
        }
    }

    /// <summary>One pass: the events not yet shown, or shown with a lower count.</summary>
    public async Task ShowNewAsync(CancellationToken stop)
    {
        var list = await client.GetAsync("api/v1/events", stop).ConfigureAwait(false);
        foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var involved = item["involvedObject"] as JsonObject ?? [];
            var kind = (string?)involved["kind"] ?? string.Empty;
            if (kind is "Pod" or "Node" || (string?)item["metadata"]?["uid"] is not { } uid)
            {
                continue;
            }

            var count = item["count"] is JsonValue value && value.TryGetValue<long>(out var c) ? c : 1;
            if (_seen.TryGetValue(uid, out var shown) && shown >= count)
            {
                continue;
            }

            _seen[uid] = count;
            var times = count > 1 ? $" (x{count.ToString(CultureInfo.InvariantCulture)})" : string.Empty;
            view.Notice($"{kind.ToLowerInvariant()}/{(string?)involved["name"]} ! event {(string?)item["type"]} {(string?)item["reason"]}: {(string?)item["message"]}{times}", (string?)item["type"] == "Warning" ? "yellow" : "bold");
        }
    }
}
