namespace Podvisor.Engine.Hooks;

/// <summary>An httpGet hook's result. The kubelet ignores the status code: any answer is a success.</summary>
/// <param name="StatusCode">The response's status code; null when no response came (refused, unreachable, dropped).</param>
/// <param name="Body">The start of the body, at most <see cref="HookOutput.MaxBytes"/> of it, decoded as UTF-8.</param>
/// <param name="Truncated">The body was longer than the cap; like the kubelet, podvisor read no further.</param>
public sealed record HttpGetHookOutput(int? StatusCode, string Body, bool Truncated) : HookOutput
{
    /// <inheritdoc/>
    public override string Handler => "httpGet";
}
