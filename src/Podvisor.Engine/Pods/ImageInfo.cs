using Podvisor.Engine.Images;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Pods;

/// <summary>The <c>image</c> and <c>imageID</c> the runtime reports for each container.</summary>
internal static class ImageInfo
{
    public static IReadOnlyDictionary<string, (string Image, string ImageId)> For(PodDefinition pod, IImageCatalog catalog)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var container in pod.Containers)
        {
            result[container.Name] = Of(container.Image, catalog);
        }

        return result;
    }

    /// <summary>The runtime's <c>image</c> and <c>imageID</c> for one image reference.</summary>
    public static (string Image, string ImageId) Of(string image, IImageCatalog catalog)
    {
        var name = ImageReference.Normalize(catalog.Find(image)?.Name ?? image);

        // A stable digest of the reference: the process runtime has no registry manifest to hash.
        var digest = ReferenceDigest.Sha256Hex(name);
        var repository = name.Split('@')[0];
        var colon = repository.LastIndexOf(':');
        if (colon > repository.LastIndexOf('/'))
        {
            repository = repository[..colon];
        }

        return (name, $"{repository}@sha256:{digest}");
    }
}
