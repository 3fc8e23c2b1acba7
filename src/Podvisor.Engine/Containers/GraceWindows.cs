namespace Podvisor.Engine.Containers;

/// <summary>
/// One pod's grace windows: its deletion's, and one per container kill under way outside the pod's termination (a
/// failed probe or postStart hook, a changed spec, the kills of a pod that finished by itself). Deletion requests come
/// from other threads (the API, the command line), and a later, shorter one must shorten every kill already under way
/// (the apiserver lets a deletion only shorten the grace period). This type's lock is the only one the pod worker's
/// state needs: every window shares it, so nothing nests.
/// </summary>
/// <param name="podGraceSeconds">The pod's <c>terminationGracePeriodSeconds</c>: a deletion's grace when it names none.</param>
internal sealed class GraceWindows(long podGraceSeconds)
{
    private readonly Lock _gate = new();
    private readonly List<GraceWindow> _kills = [];
    private GraceWindow? _deletion;

    /// <summary>The deletion's grace window, or null while nobody asked to delete the pod.</summary>
    public GraceWindow? Deletion
    {
        get
        {
            lock (_gate)
            {
                return _deletion;
            }
        }
    }

    /// <summary>
    /// A deletion request with <paramref name="gracePeriodSeconds"/> of grace (else the pod's; never below 0): every
    /// kill under way gets no more than that; the first request opens the deletion's window, a later one may only
    /// shorten it. Returns false when the request changed nothing about the deletion.
    /// </summary>
    public bool Delete(long? gracePeriodSeconds, DateTimeOffset now)
    {
        var seconds = Math.Max(gracePeriodSeconds ?? podGraceSeconds, 0);
        lock (_gate)
        {
            foreach (var kill in _kills)
            {
                kill.Shorten(seconds, now);
            }

            if (_deletion is null)
            {
                _deletion = new GraceWindow(now, seconds, _gate);
                return true;
            }

            return _deletion.Shorten(seconds, now);
        }
    }

    /// <summary>A grace window for one container's kill, shortened by any deletion already requested or still to come.</summary>
    public GraceWindow OpenKill(long seconds, DateTimeOffset now)
    {
        lock (_gate)
        {
            var window = new GraceWindow(now, seconds, _gate);
            if (_deletion is { } deletion)
            {
                window.Shorten(deletion.Seconds, now);
            }

            _kills.Add(window);
            return window;
        }
    }

    /// <summary>The kill is over: later deletions no longer concern its window.</summary>
    public void CloseKill(GraceWindow window)
    {
        lock (_gate)
        {
            _kills.Remove(window);
        }
    }
}
