namespace Podvisor.Engine.Runtime;

/// <summary>A host file or directory the runtime binds into a container's view (CRI <c>Mount</c>).</summary>
/// <param name="ContainerPath">Absolute path inside the container (the volumeMount's <c>mountPath</c>).</param>
/// <param name="HostPath">The existing host file or directory to bind there.</param>
/// <param name="ReadOnly">Bind read-only (<c>volumeMounts[].readOnly</c>).</param>
internal sealed record ContainerMount(string ContainerPath, string HostPath, bool ReadOnly);
