namespace Podvisor.Engine.Hooks;

/// <summary>
/// How a hook handler ended; <see cref="Message"/> is the kubelet's handler message on failure, <see cref="Output"/>
/// what the handler returned (exit code and output, status code and body, sleep), success or not.
/// </summary>
internal sealed record HookResult(bool Succeeded, string Message)
{
    public HookOutput? Output { get; init; }

    public static HookResult Success(HookOutput output) => new(true, string.Empty) { Output = output };

    public static HookResult Failure(string message, HookOutput? output = null) => new(false, message) { Output = output };
}
