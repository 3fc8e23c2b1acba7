namespace Podvisor.Engine.Images;

/// <summary>An image the runtime holds (CRI <c>Image</c>).</summary>
/// <param name="Id">The image id (<c>sha256:…</c> of its config), as a container status' <c>imageID</c> base.</param>
/// <param name="Reference">The repo digest (<c>repo@sha256:…</c>) when the runtime knows it, else the id.</param>
/// <param name="Size">The image's size in bytes as the runtime reports it (the <c>Pulled</c> event's "Image size").</param>
public sealed record PresentImage(string Id, string Reference, ulong Size);
