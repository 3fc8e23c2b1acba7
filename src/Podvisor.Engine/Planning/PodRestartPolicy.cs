namespace Podvisor.Engine.Planning;

internal enum PodRestartPolicy
{
    Always,
    OnFailure,
    Never,
}
