namespace Podvisor.Cli.Run;

/// <summary>What runs the containers: host processes (the default, needs nothing) or containerd through CRI.</summary>
internal enum RuntimeKind
{
    Process,
    Containerd,
}
