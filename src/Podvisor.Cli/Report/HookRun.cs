using Podvisor.Engine.Hooks;

namespace Podvisor.Cli.Report;

/// <summary>One run of a container's hook, from its timeline steps.</summary>
/// <param name="Hook"><c>postStart</c> or <c>preStop</c>.</param>
/// <param name="Handler"><c>exec</c>, <c>httpGet</c> or <c>sleep</c> (the API's field name).</param>
/// <param name="Outcome"><c>Succeeded</c>, <c>Failed</c> or <c>TimedOut</c> (given up at the end of the grace period).</param>
/// <param name="Output">What the handler returned; null when it was given up or never ran.</param>
/// <param name="Message">The kubelet's failure message; empty on success.</param>
internal sealed record HookRun(string Hook, string Handler, string Outcome, DateTimeOffset StartedAt, TimeSpan Duration, HookOutput? Output, string Message);
