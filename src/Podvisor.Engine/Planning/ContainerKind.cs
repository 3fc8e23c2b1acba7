namespace Podvisor.Engine.Planning;

internal enum ContainerKind
{
    /// <summary>An entry of <c>spec.initContainers</c> without <c>restartPolicy</c>: runs once to completion.</summary>
    Init,

    /// <summary>A restartable init container (<c>restartPolicy: Always</c>), KEP-753.</summary>
    Sidecar,

    /// <summary>An entry of <c>spec.containers</c>.</summary>
    Regular,

    /// <summary>A defer container (podvisor's annotation, <see cref="Defer.DeferAnnotation"/>): runs once while the pod terminates.</summary>
    Defer,
}
