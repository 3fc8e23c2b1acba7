namespace Podvisor.Engine.Images;

/// <summary>Resolves a container's <c>image</c> to its config; the process runtime's stand-in for a registry.</summary>
public interface IImageCatalog
{
    /// <summary>Finds an image by reference, normalizing <c>nginx</c> to <c>docker.io/library/nginx:latest</c>.</summary>
    ImageConfig? Find(string image);
}
