using System.Globalization;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>How a container's process ended: its exit code, the signal that ended it, and the runtime's own reason (<c>OOMKilled</c>).</summary>
public sealed record ContainerExitedPayload(int ExitCode, string? SignalName, string? RuntimeReason) : TimelinePayload
{
    /// <summary><c>exit code 137 (SIGKILL)</c>, with <c>, reason OOMKilled</c> when the runtime gave its own reason.</summary>
    public override string Describe()
    {
        var text = "exit code " + ExitCode.ToString(CultureInfo.InvariantCulture);
        if (SignalName is not null)
        {
            text += $" ({SignalName})";
        }

        return RuntimeReason is null ? text : $"{text}, reason {RuntimeReason}";
    }
}
