namespace Podvisor.Engine.Runtime;

/// <summary>
/// A container instance started with <see cref="ContainerLaunch.Stdin"/>, whose stdin its runtime holds open so that
/// <c>kubectl attach -i</c> can write to it, as containerd keeps a CRI container's stdin (kubernetes
/// <c>pkg/kubelet/kuberuntime/kuberuntime_container.go</c> passes the spec's <c>stdin</c>; containerd
/// <c>pkg/cri/io/container_io.go</c> <c>Attach</c> copies each attach's input into it).
/// </summary>
public interface IContainerStdin
{
    /// <summary>
    /// Opens the container's stdin for one attach. Writes reach the container; disposing the stream ends this attach's
    /// input. With <see cref="ContainerLaunch.StdinOnce"/> (and no <see cref="ContainerLaunch.Tty"/>) that also closes the
    /// container's stdin, so it reads EOF; otherwise the stdin stays open for the next attach.
    /// </summary>
    Task<Stream> OpenStdinAsync(CancellationToken cancellationToken);
}
