using System.Globalization;
using System.Text.RegularExpressions;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Testing;

/// <summary>
/// Timeline entries for table tests, written as the live view prints them ("SIGTERM, SIGKILL in 5s", "exit code 137
/// (SIGKILL)", "forced"): the steps that carry facts get their typed payload, which must print exactly as the row is
/// written, so a row cannot say one thing while its payload says another.
/// </summary>
internal static partial class TimelineRows
{
    public static TimelineEntry Entry(DateTimeOffset at, string? container, TimelineStep step, string detail, string pod = "web") =>
        new(at, "default", pod, container, step, detail) { Payload = PayloadOf(step, detail) };

    private static TimelinePayload? PayloadOf(TimelineStep step, string detail)
    {
        TimelinePayload? payload = step switch
        {
            TimelineStep.StopSignalSent when StopSignal().Match(detail) is { Success: true } m =>
                new StopSignalSentPayload(m.Groups[1].Value, TimeSpan.FromSeconds(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))),
            TimelineStep.ContainerExited when Exit().Match(detail) is { Success: true } m =>
                new ContainerExitedPayload(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Optional(m.Groups[2]), Optional(m.Groups[3])),
            TimelineStep.KillSent => new KillSentPayload(detail == "forced"),
            TimelineStep.StopSignalSent or TimelineStep.ContainerExited => throw new FormatException($"{step} row \"{detail}\" is not in the live view's form"),
            _ => null,
        };
        if (payload is not null && payload.Describe() != detail)
        {
            throw new FormatException($"{step} row \"{detail}\" prints as \"{payload.Describe()}\"");
        }

        return payload;
    }

    private static string? Optional(Group group) => group.Success ? group.Value : null;

    [GeneratedRegex(@"^(\w+), SIGKILL in ([\d.]+)s$")]
    private static partial Regex StopSignal();

    [GeneratedRegex(@"^exit code (-?\d+)(?: \((\w+)\))?(?:, reason (\w+))?$")]
    private static partial Regex Exit();
}
