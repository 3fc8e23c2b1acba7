using Podvisor.Engine.Containers;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Pods;

/// <summary>
/// One container's kill as the worker hands it to <see cref="ContainerKiller"/>: everything it needs, taken on the
/// worker's loop when the kill begins, so the kill never reads the worker's state.
/// </summary>
/// <param name="ContainerId">The instance's id as its status shows it (<c>runtime://id</c>).</param>
/// <param name="Message">The <c>Killing</c> event's message; null for the pod's termination (<c>Stopping container NAME</c>).</param>
/// <param name="StopSignal">The container's stop signal (its lifecycle's, else its image's, else SIGTERM).</param>
/// <param name="RunPreStop">Runs the container's preStop handler (through the chaos plan); null when it has none.</param>
/// <param name="Turn">For a sidecar: completes once every container that must stop before it has stopped.</param>
/// <param name="Start">When the pod's kill began (all its containers' kills start together, and a sidecar's turn is measured from it); null: when this kill begins.</param>
internal sealed record KillOrder(
    ContainerDefinition Container,
    IRunningContainer Instance,
    string ContainerId,
    string? Message,
    GraceWindow Window,
    int StopSignal,
    Func<CancellationToken, Task<HookResult>>? RunPreStop,
    Task? Turn,
    DateTimeOffset? Start);
