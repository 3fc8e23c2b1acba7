using k8s.Models;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Events;
using Podvisor.Engine.Images;
using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The pod's <c>imagePullSecrets</c> at pull time, as the kubelet reads them (kubernetes/kubernetes
/// <c>pkg/kubelet/kubelet_pods.go</c> <c>getPullSecretsForPod</c>, then <c>kuberuntime_image.go</c> <c>PullImage</c>).
/// </summary>
internal sealed partial class PodWorker
{
    /// <summary>kubelet's event when a named pull secret cannot be read; the pull goes ahead without it.</summary>
    private const string FailedToRetrieveImagePullSecret = "FailedToRetrieveImagePullSecret";

    /// <summary>
    /// The Secrets the pod names, read now from the config source (serve: the store; run: the files' documents). A
    /// missing one gives the kubelet's Warning event on the pod and is skipped; an entry without a name is ignored, as
    /// the API allowed those.
    /// </summary>
    private List<V1Secret> PullSecrets()
    {
        var found = new List<V1Secret>();
        var missing = new List<string>();
        foreach (var reference in _pod.Spec.ImagePullSecrets ?? [])
        {
            if (string.IsNullOrEmpty(reference.Name))
            {
                continue;
            }

            if (_context.Configs.GetSecret(Namespace, reference.Name) is { } secret)
            {
                found.Add(secret);
            }
            else
            {
                missing.Add(reference.Name);
            }
        }

        if (missing.Count > 0)
        {
            _journal.Event(
                null,
                EventType.Warning,
                FailedToRetrieveImagePullSecret,
                $"Unable to retrieve some image pull secrets ({string.Join(", ", missing)}); attempting to pull the image may not succeed.");
        }

        return found;
    }

    /// <summary>Pulls with the secrets' credentials for the image, then the node's, in order; a malformed secret fails the pull.</summary>
    private static Task<PresentImage> PullWithSecretsAsync(ContainerDefinition container, IImageService images, List<V1Secret> secrets, CancellationToken cancellationToken)
    {
        DockerKeyring keyring;
        try
        {
            keyring = PullSecretKeyring.From(secrets);
        }
        catch (DockerConfigException ex)
        {
            throw new ImagePullException(ex.Message, ex);
        }

        var repository = DockerKeyring.RepositoryOf(container.Image);
        IReadOnlyList<RegistryCredential> credentials = [.. keyring.Lookup(repository), .. images.NodeKeyring.Lookup(repository)];
        return CredentialedPull.PullAsync(images, container.Image, credentials, cancellationToken);
    }
}
