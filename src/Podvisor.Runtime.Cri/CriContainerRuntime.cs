using Grpc.Core;
using Podvisor.Engine.Images;
using Podvisor.Engine.Images.Credentials;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Api;
using Podvisor.Runtime.Cri.Containerd;
using Podvisor.Runtime.Cri.Volumes;
using Podvisor.Runtime.Processes.Platform;
using CriSandboxConfig = Podvisor.Runtime.Cri.Api.PodSandboxConfig;
using EnginePodSandboxConfig = Podvisor.Engine.Runtime.PodSandboxConfig;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// The engine's runtime seam over a CRI v1 runtime (containerd), driven as the kubelet drives it: a sandbox per
/// pod on the host network with an empty hostname (kubelet: hostNetwork pods keep the node's UTS namespace), each
/// container in its own PID namespace (POD under <c>shareProcessNamespace</c>), images through CRI's ImageService.
/// Disposing it removes every sandbox it made and stops the containerd it owns, if any.
/// </summary>
internal sealed class CriContainerRuntime : IContainerRuntime, IImageService
{
    private readonly ContainerdHost? _host;
    private readonly HashSet<CriPodSandbox> _sandboxes = [];
    private readonly Lazy<EventLoop> _initEvents = new(() => new EventLoop());
    private int _disposed;

    public CriContainerRuntime(CriConnection connection, TimeProvider time, string runtimeName, CriRuntimeOptions? options = null, ContainerdHost? host = null, DockerKeyring? nodeKeyring = null)
    {
        RuntimeName = runtimeName;
        Connection = connection;
        Time = time;
        Options = options ?? new CriRuntimeOptions();
        _host = host;
        NodeKeyring = nodeKeyring ?? DockerCredentials.FromDefaultLocation();

        // Under its own containerd, in the directory its guard unmounts when podvisor dies; else a directory of this process.
        SubPaths = new SubPathBinds(host is not null
            ? Path.Combine(host.Layout.Directory, "volume-subpaths")
            : Path.Combine(Path.GetTempPath(), $"podvisor-volume-subpaths-{Environment.ProcessId}"));
    }

    public CriConnection Connection { get; }

    public TimeProvider Time { get; }

    /// <summary>CRI <c>Version</c>'s <c>runtime_name</c> (<c>containerd</c>): the scheme of container IDs, as the kubelet reports them.</summary>
    public string RuntimeName { get; }

    /// <summary>This runtime pulls real images: the engine's image manager uses it.</summary>
    public IImageService ImageService => this;

    /// <summary>The node's <c>~/.docker/config.json</c> credentials, read once at start as the kubelet's default keyring.</summary>
    public DockerKeyring NodeKeyring { get; }

    public CriRuntimeOptions Options { get; }

    /// <summary>
    /// The grace period's SIGKILL from the process runtime's kill thread (one per podvisor), sent through the
    /// container's init pidfd: <c>StopContainer</c>'s kill goes through containerd, its shim and runc, tens of
    /// milliseconds on a busy machine.
    /// </summary>
    public IKillDeadlines? KillDeadlines => Options.PreciseKill ? PreciseKillTimer.Shared : null;

    /// <summary>
    /// Holds <paramref name="containerId"/>'s init process (host PID <paramref name="pid"/>) by a pidfd watched by this
    /// runtime's epoll thread (made on first use); null when podvisor cannot see that process (<see cref="CriInitProcess.TryOpen"/>).
    /// </summary>
    /// <summary>How soon containerd records an exit after the death, as its containers have seen it (the exit reads' first wait).</summary>
    internal ExitHandOverClock ExitHandOver { get; } = new();

    internal CriInitProcess? OpenInitProcess(int pid, string containerId) => CriInitProcess.TryOpen(_initEvents.Value, pid, containerId);

    /// <summary>The binds that give containerd subPaths it cannot be redirected from.</summary>
    internal SubPathBinds SubPaths { get; }

    /// <summary>Starts podvisor's own containerd under <paramref name="containerd"/>'s directory and connects to it.</summary>
    public static async Task<CriContainerRuntime> StartContainerdAsync(ContainerdOptions containerd, TimeProvider time, CancellationToken cancellationToken)
    {
        var host = await ContainerdHost.StartAsync(containerd, time, cancellationToken).ConfigureAwait(false);
        return new CriContainerRuntime(host.Connection, time, host.RuntimeName, host: host);
    }

    /// <summary>Connects to a CRI runtime that is already running; fails with a one-line message when it does not answer.</summary>
    public static async Task<CriContainerRuntime> ConnectAsync(CriEndpoint endpoint, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new CriConnection(endpoint);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            var version = await connection.VersionAsync(linked.Token).ConfigureAwait(false);
            return new CriContainerRuntime(connection, time, version.RuntimeName);
        }
        catch (RpcException ex)
        {
            connection.Dispose();
            throw new InvalidOperationException($"the container runtime at {endpoint} does not answer CRI v1: {CriErrors.Describe(ex)}", ex);
        }
    }

    public async Task<IPodSandbox> RunPodSandboxAsync(EnginePodSandboxConfig config, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Directory.CreateDirectory(config.LogDirectory);
        var sandboxConfig = new CriSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = config.Name, Namespace = config.Namespace, Uid = config.Uid },
            Hostname = string.Empty,
            LogDirectory = config.LogDirectory,
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = NamespacesOf(config.ShareProcessNamespace) },
            },
            Labels =
            {
                [CriLabels.PodName] = config.Name,
                [CriLabels.PodNamespace] = config.Namespace,
                [CriLabels.PodUid] = config.Uid,
            },
        };
        try
        {
            var response = await Connection.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig }, cancellationToken: cancellationToken).ConfigureAwait(false);
            var sandbox = new CriPodSandbox(this, response.PodSandboxId, sandboxConfig, config.ShareProcessNamespace);
            lock (_sandboxes)
            {
                _sandboxes.Add(sandbox);
            }

            return sandbox;
        }
        catch (RpcException ex)
        {
            throw new PodSandboxException(CriErrors.Describe(ex), ex);
        }
    }

    /// <summary>
    /// The kubelet's namespaces for a host-network pod: node network, one IPC namespace for the pod, and a PID
    /// namespace per container unless the pod shares one (kuberuntime <c>namespacesForPod</c>/<c>pidNamespaceForPod</c>).
    /// </summary>
    internal static NamespaceOption NamespacesOf(bool shareProcessNamespace) => new()
    {
        Network = NamespaceMode.Node,
        Pid = shareProcessNamespace ? NamespaceMode.Pod : NamespaceMode.Container,
        Ipc = NamespaceMode.Pod,
    };

    public async Task<PresentImage?> ImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Connection.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image } }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Image is { } present ? new PresentImage(present.Id, present.RepoDigests.FirstOrDefault() ?? present.Id, present.Size) : null;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            throw new ImagePullException(CriErrors.Describe(ex), ex);
        }
    }

    /// <summary>
    /// The signal a plain <c>StopContainer</c> of a container of <paramref name="image"/> sends (the image's
    /// <c>STOPSIGNAL</c>, else SIGTERM), from the verbose <c>ImageStatus</c>; null when the runtime does not say.
    /// </summary>
    internal async Task<int?> ImageStopSignalAsync(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        try
        {
            var response = await Connection.Images.ImageStatusAsync(
                new ImageStatusRequest { Image = new ImageSpec { Image = image }, Verbose = true }, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return response.Image is null ? null : CriStopSignals.OfImageInfo(response.Info);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    public async Task<PresentImage> PullImageAsync(string image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var request = new PullImageRequest { Image = new ImageSpec { Image = image } };
        if (credential is not null)
        {
            // The kubelet's AuthConfig from a keyring entry: user name and password (an "auth" was decoded into them).
            request.Auth = new AuthConfig { Username = credential.Username, Password = credential.Password, IdentityToken = credential.IdentityToken };
        }

        try
        {
            var pulled = await Connection.Images.PullImageAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ImageStatusAsync(image, cancellationToken).ConfigureAwait(false) ?? new PresentImage(pulled.ImageRef, pulled.ImageRef, 0);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            throw new ImagePullException(CriErrors.Describe(ex), ex);
        }
    }

    /// <summary>
    /// StopPodSandbox + RemovePodSandbox, tried a few times: containerd refuses to remove a container caught in a
    /// state change ("container is in starting state"). What still fails is left to the guard, which kills
    /// everything when its containerd stops; a failure here must not end the run.
    /// </summary>
    internal async Task RemoveSandboxAsync(string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Connection.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }).ConfigureAwait(false);
                await Connection.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id }).ConfigureAwait(false);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return;
            }
            catch (RpcException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), Time).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                return;
            }
        }
    }

    internal async Task TryRemoveContainerAsync(string id)
    {
        try
        {
            await Connection.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Removed with its sandbox at the latest.
        }
    }

    internal void Forget(CriPodSandbox sandbox)
    {
        lock (_sandboxes)
        {
            _sandboxes.Remove(sandbox);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CriPodSandbox[] left;
        lock (_sandboxes)
        {
            left = [.. _sandboxes];
        }

        foreach (var sandbox in left)
        {
            try
            {
                await sandbox.DisposeAsync().ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // The runtime is unreachable: the guard kills what it left when its containerd stops.
            }
        }

        if (_initEvents.IsValueCreated)
        {
            _initEvents.Value.Dispose();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            Connection.Dispose();
        }
    }
}
