using System.Globalization;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>The words for a hook's recorded outcome, shared by the timeline page's tooltips and the live view.</summary>
internal static class HookText
{
    /// <summary><c>exit code 0</c>, <c>HTTP 503</c>, <c>no response</c>, <c>sleep 3s</c>: what the handler returned, in one phrase.</summary>
    public static string Result(HookOutput? output) => output switch
    {
        ExecHookOutput { ExitCode: { } code } => "exit code " + code.ToString(CultureInfo.InvariantCulture),
        ExecHookOutput => "the command did not run",
        HttpGetHookOutput { StatusCode: { } status } => "HTTP " + status.ToString(CultureInfo.InvariantCulture),
        HttpGetHookOutput => "no response",
        SleepHookOutput sleep => "sleep " + TerminationText.Seconds(sleep.Requested),
        _ => "no result",
    };

    /// <summary>The live view's suffix: the result and the duration, never the output (it shows a failure's message already).</summary>
    public static string Summary(HookOutcome outcome) => $"{Result(outcome.Output)} in {TerminationText.Seconds(outcome.Duration)}";

    /// <summary>The output an exec printed or the start of an HTTP body, with a note when it was cut; empty when there is none.</summary>
    public static string Output(HookOutput? output)
    {
        var (label, text, truncated) = output switch
        {
            ExecHookOutput exec => ("output", exec.Output, exec.Truncated),
            HttpGetHookOutput http => ("body", http.Body, http.Truncated),
            _ => (string.Empty, string.Empty, false),
        };
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var note = truncated ? $" (first {HookOutput.MaxBytes / 1024} KiB)" : string.Empty;
        return $"{label}{note}:\n{text.TrimEnd('\n')}";
    }
}
