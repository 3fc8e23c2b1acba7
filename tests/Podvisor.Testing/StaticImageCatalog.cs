using Podvisor.Engine.Images;

namespace Podvisor.Testing;

/// <summary>A catalog given as a list, for tests.</summary>
internal sealed class StaticImageCatalog(params ImageConfig[] images) : IImageCatalog
{
    public ImageConfig? Find(string image) => images.FirstOrDefault(i => i.Name == image);
}
