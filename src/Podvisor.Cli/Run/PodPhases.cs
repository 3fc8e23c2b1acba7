namespace Podvisor.Cli.Run;

/// <summary>The <c>status.phase</c> wire strings (k8s.io/api/core/v1 PodPhase).</summary>
internal static class PodPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Unknown = "Unknown";
}
