using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Hooks;

/// <summary>The kubelet's hook failure messages (<c>lifecycle/handlers.go</c>), used as the container's waiting message.</summary>
internal static class HookMessages
{
    public static string Exec(ExecHookHandler handler, HookContext context, string error, string output) =>
        $"Exec lifecycle hook ([{string.Join(' ', handler.Command)}]) for Container \"{context.Container.Name}\" in Pod \"{context.Pod.Formatted}\" failed - error: {error}, message: \"{output}\"";

    public static string HttpGet(HttpGetHookHandler handler, HookContext context, string error) =>
        $"HTTP lifecycle hook ({handler.Path}) for Container \"{context.Container.Name}\" in Pod \"{context.Pod.Formatted}\" failed - error: {error}";

    public static string Sleep(SleepHookHandler handler, HookContext context, string error) =>
        $"Sleep lifecycle hook ({handler.Seconds}) for Container \"{context.Container.Name}\" in Pod \"{context.Pod.Formatted}\" failed - error: {error}";
}
