using Podvisor.Engine.Chaos;
using Podvisor.Engine.Events;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Http;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Engine.Pods;

/// <summary>
/// Carries out <see cref="ChaosPlanner"/>'s plan (<c>podvisor run --chaos</c>): each injected fault is a Warning event
/// <c>ChaosInjected</c> (podvisor's own reason, not the kubelet's) and a timeline step, so a run shows what was done to it.
/// </summary>
internal sealed partial class PodWorker
{
    private ChaosFaults Faults => _context.Options.Chaos;

    /// <summary>
    /// The launch of an instance whose postStart hook must begin first (<c>poststart-early</c>): its entrypoint waits in a
    /// shell for a marker in its own /tmp, which <see cref="RunHookAsync"/> creates once the hook has begun.
    /// </summary>
    private ContainerLaunch HoldEntrypointIfPlanned(ContainerDefinition container, ContainerLaunch launch)
    {
        if (container.PostStart is not { } postStart || !ChaosPlanner.ForHook(Faults, HookPhase.PostStart, postStart).BeforeEntrypoint)
        {
            return launch;
        }

        _journal.Chaos(container, ChaosFaults.PostStartEarly, "entrypoint held until the postStart hook has begun");
        return launch with { Argv = ChaosPlanner.HeldArgv(launch.Argv, ChaosPlanner.MarkerFor(launch.ContainerId)) };
    }

    /// <summary>
    /// Runs one hook through the chaos plan; with no fault planned this is exactly the hook runner. A preStop hook runs
    /// beside the loop (in its container's kill), so it is given the pod and touches nothing but the journal.
    /// </summary>
    private async Task<HookResult> RunHookAsync(
        HookPhase phase, PodDefinition pod, ContainerDefinition container, HookHandler handler, IRunningContainer instance, CancellationToken cancellationToken)
    {
        var plan = ChaosPlanner.ForHook(Faults, phase, handler);
        var context = new HookContext(pod, container, instance, _context.Options.PodIp);
        if (plan.IsNone)
        {
            return await _context.Hooks.RunAsync(handler, context, cancellationToken).ConfigureAwait(false);
        }

        var released = !plan.BeforeEntrypoint;
        try
        {
            HookResult result;
            if (plan.DropRequest)
            {
                result = DropRequest((HttpGetHookHandler)handler, context, container, phase);
            }
            else
            {
                // An exec hook has begun once its process is spawned and a sleep once its timer runs, both before the
                // runner's task is returned; an httpGet hook is one request, so it has begun once it is answered or refused.
                var hook = _context.Hooks.RunAsync(handler, context, cancellationToken);
                if (!released && handler is HttpGetHookHandler)
                {
                    await ((Task)hook).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                if (!released)
                {
                    released = true;
                    await ReleaseEntrypointAsync(container, instance).ConfigureAwait(false);
                }

                result = await hook.ConfigureAwait(false);
            }

            if (plan.RunTwice && result.Succeeded)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _journal.Chaos(container, ChaosFaults.PostStartTwice, "running the postStart hook a second time (at-least-once delivery)");
                result = await _context.Hooks.RunAsync(handler, context, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            if (!released)
            {
                await ReleaseEntrypointAsync(container, instance).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>drop-http-hook</c>: the request is never sent; the kubelet would see the transport error of a refused connection.</summary>
    private HookResult DropRequest(HttpGetHookHandler handler, HookContext context, ContainerDefinition container, HookPhase phase)
    {
        if (!NamedPorts.TryResolve(handler.Port, container.Spec, out var port, out var error)
            || !KubeletHttpGet.TryBuildUrl(handler.Scheme, handler.Host, context.PodIp, port, handler.Path, out var url, out error))
        {
            // Nothing would have been sent anyway: the kubelet's own error stands.
            return HookResult.Failure(HookMessages.HttpGet(handler, context, error));
        }

        var hookName = phase == HookPhase.PostStart ? "postStart" : "preStop";
        _journal.Chaos(container, ChaosFaults.DropHttpHook, $"{hookName} request GET {url} dropped, not sent (httpGet hooks are not retried)");
        return HookResult.Failure(
            HookMessages.HttpGet(handler, context, $"Get \"{url}\": dial tcp {url.Host}:{url.Port}: connect: connection refused"),
            new HttpGetHookOutput(StatusCode: null, Body: string.Empty, Truncated: false));
    }

    /// <summary>Creates the marker a held entrypoint waits for, in the container's own view; a container already gone needs none.</summary>
    private async Task ReleaseEntrypointAsync(ContainerDefinition container, IRunningContainer instance)
    {
        if (instance.Exited.IsCompleted)
        {
            return;
        }

        var marker = ChaosPlanner.MarkerFor(instance.Id);
        string? problem;
        try
        {
            var result = await instance.ExecAsync(["/bin/sh", "-c", ": > \"$0\"", marker], timeout: null, CancellationToken.None).ConfigureAwait(false);
            problem = result.ExitCode == 0 ? null : result.Output.Trim();
        }
        catch (ExecStartException ex)
        {
            problem = ex.Message;
        }

        Timeline(
            container,
            TimelineStep.ChaosInjected,
            problem is null
                ? $"{ChaosFaultNames.PostStartEarly}: entrypoint released, the postStart hook began first"
                : $"{ChaosFaultNames.PostStartEarly}: could not release the entrypoint ({problem})");
    }
}
