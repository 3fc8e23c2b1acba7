namespace Podvisor.Engine.Hooks;

/// <summary>
/// What a hook handler left to see, typed per handler kind: an exec's exit code and output, an HTTP GET's status
/// code and the start of its body, a sleep's duration. The kubelet keeps none of it on success and only a failure's
/// message; podvisor records it so the timeline page, <c>-o json</c> and the live view can show it.
/// </summary>
public abstract record HookOutput
{
    /// <summary>
    /// The most kept of an exec's output or an HTTP body: 10 KiB, the kubelet's own read limit for a hook's HTTP body
    /// (<c>pkg/kubelet/lifecycle/handlers.go</c> <c>maxRespBodyLength</c>) and the runtimes' exec output limit.
    /// </summary>
    public const int MaxBytes = 10 * 1024;

    /// <summary>The handler's kind as the API spells its field: <c>exec</c>, <c>httpGet</c> or <c>sleep</c>.</summary>
    public abstract string Handler { get; }
}
