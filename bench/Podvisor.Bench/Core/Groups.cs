namespace Podvisor.Bench.Core;

/// <summary>The figure groups, and which physical-limit group each one is divided by.</summary>
internal static class Groups
{
    public const string FloorSpawn = "floor: spawn+reap /bin/true";
    public const string FloorTerm = "floor: SIGTERM a sleeping child, reap";
    public const string FloorDeadline = "floor: SIGKILL at a deadline, reap (dead after deadline)";
    public const string FloorDeadlineBusy = "floor: SIGKILL at a deadline, reap (dead after deadline), both cores busy";
    public const string Create = "create → Running (1 container)";
    public const string Sigkill = "SIGKILL lateness (grace 2 s, dead after the grace period, both cores busy)";
    public const string ScalePerPod = "scale: time to all Running, per pod";
    public const string StopPerPod = "scale: time to stop all, per pod";
    public const string PostStart = "hooks: postStart exec true (runs `true`: one spawn+reap)";
    public const string RestartLateness = "restart storm: restart after finishedAt + back-off";
    public const string CriCreate = "CRI: create → Running (1 container, image present)";
    public const string CriCreateFloor = "floor: containerd's own RunPodSandbox + CreateContainer + StartContainer (its log stamps)";
    public const string CriSigkill = "CRI: SIGKILL lateness (grace 2 s, dead after the grace period, both cores busy)";
    public const string CriPull = "CRI: pull of a ~5 MB image from the loopback registry (image absent)";

    /// <summary>The limit each group is divided by (a group not listed has no physical floor).</summary>
    public static string? LimitOf(string group) => group switch
    {
        Create or ScalePerPod or RestartLateness or PostStart => FloorSpawn,
        StopPerPod => FloorTerm,
        Sigkill or CriSigkill => FloorDeadlineBusy,
        CriCreate => CriCreateFloor,
        _ when group.StartsWith("scale N=", StringComparison.Ordinal) && group.Contains("Running", StringComparison.Ordinal) => FloorSpawn,
        _ => null,
    };
}
