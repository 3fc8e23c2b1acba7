namespace Podvisor.Engine.Runtime;

/// <summary>
/// A container started with <see cref="ContainerLaunch.Tty"/> whose terminal's window size can be set, as the kubelet
/// passes <c>kubectl attach -t</c>'s resizes to the runtime (the streaming server's <c>TerminalSize</c>).
/// </summary>
public interface IContainerTerminal
{
    /// <summary>Sets the window size in columns and rows; nothing when the container has no terminal.</summary>
    Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken);
}
