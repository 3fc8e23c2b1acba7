using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Engine.Images;

/// <summary>
/// The image side of a runtime that runs real images (CRI's <c>ImageService</c>). A runtime that offers one
/// (<see cref="Runtime.IContainerRuntime.ImageService"/>) gets the kubelet's image manager in front of every start:
/// <c>imagePullPolicy</c>, the Pulling/Pulled/Failed events and the pull back-off
/// (kubernetes/kubernetes <c>pkg/kubelet/images/image_manager.go</c>). The process runtime has none: its
/// images are the catalog's.
/// </summary>
public interface IImageService
{
    /// <summary>
    /// The node's own registry credentials (the kubelet's default keyring from the node's Docker config), tried after
    /// the pod's image pull secrets.
    /// </summary>
    DockerKeyring NodeKeyring { get; }

    /// <summary>The image as present on this machine, or null when it is not (CRI <c>ImageStatus</c>).</summary>
    Task<PresentImage?> ImageStatusAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Pulls the image (CRI <c>PullImage</c>) with the credential as its <c>AuthConfig</c>, or anonymously when null;
    /// throws <see cref="ImagePullException"/> with the runtime's error when it cannot.
    /// </summary>
    Task<PresentImage> PullImageAsync(string image, RegistryCredential? credential, CancellationToken cancellationToken);
}
