using Podvisor.Engine.Images;

namespace Podvisor.Engine.Tests.Images;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:latest", "docker.io/library/nginx:latest")]
    [InlineData("library/nginx", "docker.io/library/nginx:latest")]
    [InlineData("docker.io/library/nginx:latest", "docker.io/library/nginx:latest")]
    [InlineData("index.docker.io/library/nginx", "docker.io/library/nginx:latest")]
    [InlineData("k8spatterns/random-generator:1.0", "docker.io/k8spatterns/random-generator:1.0")]
    [InlineData("ghcr.io/a/b:1", "ghcr.io/a/b:1")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    [InlineData("localhost/app:dev", "localhost/app:dev")]
    [InlineData("nginx@sha256:abc", "docker.io/library/nginx@sha256:abc")]
    [InlineData("nginx:1.25@sha256:abc", "docker.io/library/nginx:1.25@sha256:abc")]
    public void Normalize_Reference_MatchesDocker(string image, string expected)
    {
        Assert.Equal(expected, ImageReference.Normalize(image));
    }
}
