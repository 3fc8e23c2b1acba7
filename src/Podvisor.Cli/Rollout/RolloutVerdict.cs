using Podvisor.Cli.Run;

namespace Podvisor.Cli.Rollout;

/// <summary>The exit code of <c>run --rollout</c>: the CI gate for "does the app roll out with zero downtime?".</summary>
internal static class RolloutVerdict
{
    /// <summary>
    /// A rollout that did not complete (not available in time, a restart that did not finish, a progress deadline
    /// exceeded) is a failure whatever the requests did; else any failed request fails the gate; else success. A
    /// rollout with no request sent proves nothing and fails too.
    /// </summary>
    public static int ExitCode(RolloutReport report) =>
        !report.Completed || report.Sent == 0 ? ExitCodes.Failure
        : report.Failed > 0 ? ExitCodes.RequestsFailed
        : ExitCodes.Success;
}
