namespace Podvisor.Cli.Run;

/// <summary>Creates the container runtime a run uses.</summary>
internal static class ContainerRuntimeFactory
{
    // Integration point: once Podvisor.Runtime.Processes lands this becomes
    //     var runtime = new ProcessContainerRuntime(time);
    public static OwnedRuntime Create(TimeProvider time)
    {
        var runtime = new UnavailableContainerRuntime(time);
        return new OwnedRuntime(runtime, runtime);
    }
}
