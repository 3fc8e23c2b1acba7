namespace Podvisor.Engine.Hooks;

/// <summary>How a hook handler ended; <see cref="Message"/> is the kubelet's handler message on failure.</summary>
internal sealed record HookResult(bool Succeeded, string Message)
{
    public static readonly HookResult Success = new(true, string.Empty);

    public static HookResult Failure(string message) => new(false, message);
}
