using Podvisor.Engine.Config;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Images;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Pods;

/// <summary>The node-wide services every pod worker uses.</summary>
internal sealed record PodWorkerContext(
    IContainerRuntime Runtime,
    IImageCatalog Images,
    IHookRunner Hooks,
    IEngineObserver Observer,
    EngineOptions Options,
    TimeProvider Time,
    IProbeRunner Probes)
{
    /// <summary>The ConfigMaps and Secrets pods refer to (env and volumes); none unless the host feeds some.</summary>
    public IConfigSource Configs { get; init; } = EmptyConfigSource.Instance;

    /// <summary>Removes deleted pods' directories off the thread pool; the engine disposes it after its last worker.</summary>
    public required DirectoryRemover Directories { get; init; }
}
