namespace Podvisor.Engine.Containers;

/// <summary>The newest instance of a container.</summary>
/// <param name="Attempt">0 for the first instance; the container's <c>restartCount</c> once it is reported.</param>
/// <param name="Reported">False while its postStart hook runs: the kubelet's status still shows the previous snapshot.</param>
/// <param name="Terminated">Set once the process has exited.</param>
internal sealed record InstanceRecord(
    string ContainerId,
    int Attempt,
    DateTimeOffset StartedAt,
    bool Reported,
    TerminatedRecord? Terminated)
{
    public bool IsRunning => Terminated is null;
}
