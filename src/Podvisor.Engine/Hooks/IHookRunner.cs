using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Hooks;

/// <summary>Runs one lifecycle hook handler (kubelet <c>lifecycle/handlers.go HandlerRunner</c>).</summary>
internal interface IHookRunner
{
    Task<HookResult> RunAsync(HookHandler handler, HookContext context, CancellationToken cancellationToken);
}
