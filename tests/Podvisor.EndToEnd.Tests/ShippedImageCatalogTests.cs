using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Engine.Images;

namespace Podvisor.EndToEnd.Tests;

/// <summary>The images.yaml published beside podvisor: the seed's image, resolvable from any working directory.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class ShippedImageCatalogTests(PodvisorExecutable podvisor)
{
    [Fact]
    public void RandomGenerator_ResolvesToTheShippedSample()
    {
        var directory = Path.GetDirectoryName(podvisor.Path)!;
        var catalog = ImageCatalog.Load(Path.Combine(directory, "images.yaml"));

        var image = catalog.Find("k8spatterns/random-generator:1.0");

        Assert.NotNull(image);
        Assert.Equal("docker.io/k8spatterns/random-generator:1.0", image.Name);
        Assert.Equal(["dotnet", Path.Combine(directory, "images", "random-generator", "RandomGenerator.dll")], image.Entrypoint);
        Assert.True(File.Exists(image.Entrypoint[1]), $"{image.Entrypoint[1]} was not published");
        Assert.Equal(Path.Combine(directory, "images", "random-generator"), image.WorkingDir);
        var path = Assert.Single(image.Env, pair => pair.Key == "PATH").Value;
        Assert.Contains(path.Split(':'), entry => File.Exists(Path.Combine(entry, "dotnet")));
        Assert.Null(catalog.Find("k8spatterns/random-generator:2.0"));
    }
}
