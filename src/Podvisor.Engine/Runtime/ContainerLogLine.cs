namespace Podvisor.Engine.Runtime;

/// <summary>One line a container wrote, as the runtime logged it.</summary>
public sealed record ContainerLogLine(
    string PodNamespace,
    string PodName,
    string ContainerName,
    DateTimeOffset Time,
    LogStream Stream,
    string Text);
