using System.Collections.Concurrent;
using Podvisor.Engine.Images;
using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Testing;

/// <summary>
/// An in-memory CRI image service: records each pull with the credential it carried; a pull succeeds only with a
/// credential <see cref="Accepts"/> allows (as a registry with auth), otherwise fails with <see cref="DeniedMessage"/>.
/// </summary>
internal sealed class FakeImageService : IImageService
{
    private readonly ConcurrentQueue<(string Image, RegistryCredential? Credential)> _pulls = new();

    public DockerKeyring NodeKeyring { get; set; } = DockerKeyring.Empty;

    /// <summary>Which credentials the registry takes; by default any pull, anonymous or not.</summary>
    public Func<RegistryCredential?, bool> Accepts { get; set; } = _ => true;

    public string DeniedMessage { get; set; } = "401 Unauthorized";

    public IReadOnlyList<(string Image, RegistryCredential? Credential)> Pulls => [.. _pulls];

    public Task<PresentImage?> ImageStatusAsync(string image, CancellationToken cancellationToken) => Task.FromResult<PresentImage?>(null);

    public Task<PresentImage> PullImageAsync(string image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        _pulls.Enqueue((image, credential));
        return Accepts(credential)
            ? Task.FromResult(new PresentImage("sha256:0123", image + "@sha256:0123", 42))
            : Task.FromException<PresentImage>(new ImagePullException($"{DeniedMessage} ({credential?.Username ?? "anonymous"})"));
    }
}
