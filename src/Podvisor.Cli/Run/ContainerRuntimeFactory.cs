using Podvisor.Runtime.Processes;

namespace Podvisor.Cli.Run;

/// <summary>Creates the container runtime a run uses.</summary>
internal static class ContainerRuntimeFactory
{
    public static OwnedRuntime Create(TimeProvider time)
    {
        var runtime = new ProcessContainerRuntime(time);
        return new OwnedRuntime(runtime, runtime, runtime.Isolation.Warning);
    }
}
