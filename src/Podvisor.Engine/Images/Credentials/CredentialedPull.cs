namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// The kubelet's pull with credentials (kubernetes/kubernetes <c>pkg/kubelet/kuberuntime/kuberuntime_image.go</c>
/// <c>PullImage</c>): the pod's secrets' matches, then the node's, each tried in order until one pull succeeds; with
/// none, one pull without credentials. When every try fails the error is their aggregate.
/// </summary>
internal static class CredentialedPull
{
    public static async Task<PresentImage> PullAsync(IImageService images, string image, IReadOnlyList<RegistryCredential> credentials, CancellationToken cancellationToken)
    {
        if (credentials.Count == 0)
        {
            return await images.PullImageAsync(image, null, cancellationToken).ConfigureAwait(false);
        }

        var errors = new List<string>();
        foreach (var credential in credentials)
        {
            try
            {
                return await images.PullImageAsync(image, credential, cancellationToken).ConfigureAwait(false);
            }
            catch (ImagePullException ex)
            {
                errors.Add(ex.Message);
            }
        }

        throw new ImagePullException(Aggregate(errors));
    }

    /// <summary>
    /// apimachinery <c>utilerrors.NewAggregate(…).Error()</c>: one error as itself; several, deduplicated by message,
    /// as <c>[a, b]</c> (one distinct message stays bare).
    /// </summary>
    public static string Aggregate(IReadOnlyList<string> messages)
    {
        if (messages.Count == 1)
        {
            return messages[0];
        }

        var distinct = messages.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : $"[{string.Join(", ", distinct)}]";
    }
}
