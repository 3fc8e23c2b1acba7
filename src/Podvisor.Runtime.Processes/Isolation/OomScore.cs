using System.Globalization;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// A container process's OOM score adjustment, as runc sets the kubelet's <c>oom_score_adj</c> for the pod's QoS class
/// (BestEffort 1000, Guaranteed -997, Burstable in between) on the container's first process and on every exec, so that
/// under host memory pressure the kernel picks its victims as on a node. Lowering a score below podvisor's own needs
/// CAP_SYS_RESOURCE; without it the score is raised to podvisor's own, as containerd's <c>restrict_oom_score_adj</c>
/// does (its <c>restrictOOMScoreAdj</c>: the preferred score, or the runtime's own if that is higher).
/// </summary>
internal static class OomScore
{
    /// <summary>Sets <paramref name="pid"/>'s score; nothing when <paramref name="preferred"/> is null or the process is gone.</summary>
    public static void Apply(int pid, long? preferred)
    {
        if (preferred is not { } score)
        {
            return;
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/oom_score_adj");
        if (TryWrite(path, score) || Own() is not { } own || own <= score)
        {
            return;
        }

        // Refused (or gone): the nearest score podvisor may give, its own.
        TryWrite(path, own);
    }

    private static long? Own()
    {
        try
        {
            return long.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static bool TryWrite(string path, long score)
    {
        try
        {
            File.WriteAllText(path, score.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // EACCES: lowering below the minimum needs CAP_SYS_RESOURCE; ESRCH/ENOENT: the process is already gone.
            return false;
        }
    }
}
