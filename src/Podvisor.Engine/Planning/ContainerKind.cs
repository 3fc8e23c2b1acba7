namespace Podvisor.Engine.Planning;

internal enum ContainerKind
{
    /// <summary>An entry of <c>spec.initContainers</c> without <c>restartPolicy</c>: runs once to completion.</summary>
    Init,

    /// <summary>A restartable init container (<c>restartPolicy: Always</c>), KEP-753.</summary>
    Sidecar,

    /// <summary>An entry of <c>spec.containers</c>.</summary>
    Regular,
}
