using k8s.Models;

namespace Podvisor.Engine.Lint;

/// <summary>The argv a container starts with: <c>command</c> replaces the image's entrypoint, <c>args</c> its cmd.</summary>
internal static class ContainerArgv
{
    /// <summary>The argv, or null when it depends on an image the runtime does not know.</summary>
    public static IReadOnlyList<string>? Of(V1Container container, IImageFacts images)
    {
        if (container.Command is { Count: > 0 } command)
        {
            // A command without args ignores the image's cmd too (Kubernetes: "Define a command and arguments").
            return [.. command, .. container.Args ?? []];
        }

        if (images.Command(container.Image ?? string.Empty) is not { } image)
        {
            return null;
        }

        var (entrypoint, cmd) = image;
        IEnumerable<string> rest = container.Args is { Count: > 0 } args ? args : cmd;
        return [.. entrypoint, .. rest];
    }
}
