namespace Podvisor.Engine.Timeline.Termination;

/// <summary>Cuts one pod's timeline into the runs (instances) of each of its containers.</summary>
public static class ContainerRuns
{
    /// <summary>
    /// The runs of <paramref name="container"/>, oldest first: each begins at a <c>ContainerSpawned</c> step.
    /// Steps before the first spawn (an image pull that failed) form a run of their own.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TimelineEntry>> Of(IEnumerable<TimelineEntry> podTimeline, string container)
    {
        var runs = new List<IReadOnlyList<TimelineEntry>>();
        List<TimelineEntry>? current = null;
        foreach (var entry in podTimeline.Where(entry => entry.Container == container))
        {
            if (current is null || entry.Step == TimelineStep.ContainerSpawned && current.Count > 0)
            {
                current = [];
                runs.Add(current);
            }

            current.Add(entry);
        }

        return runs;
    }
}
