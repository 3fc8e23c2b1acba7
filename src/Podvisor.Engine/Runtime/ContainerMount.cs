namespace Podvisor.Engine.Runtime;

/// <summary>A host file or directory the runtime binds into a container's view (CRI <c>Mount</c>).</summary>
/// <param name="ContainerPath">Absolute path inside the container (the volumeMount's <c>mountPath</c>).</param>
/// <param name="HostPath">The existing host file or directory to bind there.</param>
/// <param name="ReadOnly">Bind read-only (<c>volumeMounts[].readOnly</c>).</param>
/// <param name="Beneath">
/// For a subPath: the volume's directory, which <paramref name="HostPath"/> was resolved inside. A runtime that can
/// binds it without following links out of that directory, so a link a container makes after the check cannot
/// redirect the bind (the kubelet binds a descriptor it opened that way: subpath_linux.go, doSafeOpen).
/// </param>
public sealed record ContainerMount(string ContainerPath, string HostPath, bool ReadOnly, string? Beneath = null);
