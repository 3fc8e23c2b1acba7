using k8s.Models;

namespace Podvisor.Engine.Lint;

/// <summary>What the runtime can tell about a container's image without running it.</summary>
public interface IImageFacts
{
    /// <summary>The image's entrypoint and cmd, or null when the image is unknown.</summary>
    (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd)? Command(string image);

    /// <summary>
    /// Whether an exec of <paramref name="program"/> in this container would find it: true or false when the
    /// runtime can show it, null when it cannot (an unknown image).
    /// </summary>
    bool? HasExecutable(V1Container container, string program);
}
