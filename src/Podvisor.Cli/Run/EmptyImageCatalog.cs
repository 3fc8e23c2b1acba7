using Podvisor.Engine.Images;

namespace Podvisor.Cli.Run;

/// <summary>
/// No images known: every container must give an explicit <c>command</c>, which then runs on the host.
/// Stand-in until the engine's <c>ImageCatalog.Empty</c> is merged.
/// </summary>
internal sealed class EmptyImageCatalog : IImageCatalog
{
    public static readonly EmptyImageCatalog Instance = new();

    public ImageConfig? Find(string image) => null;
}
