using Grpc.Core;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Api;
using CriSandboxConfig = Podvisor.Runtime.Cri.Api.PodSandboxConfig;

namespace Podvisor.Runtime.Cri;

/// <summary>One pod's CRI sandbox; its containers are created in it as the kubelet's <c>startContainer</c> does.</summary>
internal sealed class CriPodSandbox(CriContainerRuntime runtime, string id, CriSandboxConfig config, bool shareProcessNamespace) : IPodSandbox
{
    private readonly List<CriContainer> _containers = [];
    private int _disposed;

    public string Id { get; } = id;

    public async Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var client = runtime.Connection.Runtime;

        // Not abandoned half-way (the caller giving up mid-start would leave containerd a container stuck in
        // "starting" that cannot be removed): create and start take tens of milliseconds.
        cancellationToken.ThrowIfCancellationRequested();

        // Asked beside the create and start, so it adds no round trip to them: the signal containerd's StopContainer
        // sends, which the engine reports and, when the spec names another, podvisor delivers itself (CriContainer).
        var imageStopSignal = runtime.ImageStopSignalAsync(launch.Image);
        string containerId;
        try
        {
            var created = await client.CreateContainerAsync(
                new CreateContainerRequest { PodSandboxId = Id, Config = ContainerConfigOf(launch), SandboxConfig = config }, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            containerId = created.ContainerId;
        }
        catch (RpcException ex)
        {
            throw new ContainerStartException(ex.Status.Detail, ex);
        }

        try
        {
            await client.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            var status = await client.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId, Verbose = true }, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            var container = new CriContainer(runtime, containerId, status, launch, await imageStopSignal.ConfigureAwait(false));
            lock (_containers)
            {
                _containers.Add(container);
            }

            container.Start();
            return container;
        }
        catch (RpcException ex)
        {
            // containerd reports a failed start as an exited container: it is of no further use.
            await runtime.TryRemoveContainerAsync(containerId).ConfigureAwait(false);
            throw new ContainerStartException(ex.Status.Detail, ex);
        }
    }

    private ContainerConfig ContainerConfigOf(ContainerLaunch launch)
    {
        var containerConfig = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = launch.ContainerName, Attempt = (uint)launch.Attempt },
            Image = new ImageSpec { Image = launch.Image ?? string.Empty },
            WorkingDir = launch.WorkingDirectory ?? string.Empty,

            // Relative to the sandbox's log directory, as the kubelet passes it: containerd writes the CRI log format there.
            LogPath = Path.GetRelativePath(config.LogDirectory, launch.LogPath),

            // As the kubelet 1.33+ passes lifecycle.stopSignal (kuberuntime_container.go generateContainerConfig);
            // containerd 1.6 does not know the field and ignores it.
            StopSignal = CriStopSignals.ToCri(launch.StopSignal),

            // As generateContainerConfig copies them: containerd then gives the container a stdin pipe it holds open
            // (closed after the first attach when stdin_once) and, with tty, a terminal.
            Stdin = launch.Stdin,
            StdinOnce = launch.StdinOnce,
            Tty = launch.Tty,
            Linux = new LinuxContainerConfig
            {
                // As the kubelet's generateLinuxContainerResources: a memory limit the container exceeds is an OOM kill
                // by the kernel, which containerd reports as reason OOMKilled.
                Resources = ResourcesOf(launch.Resources),
                SecurityContext = new LinuxContainerSecurityContext { NamespaceOptions = CriContainerRuntime.NamespacesOf(shareProcessNamespace) },
            },
            Labels =
            {
                [CriLabels.PodName] = launch.PodName,
                [CriLabels.PodNamespace] = launch.PodNamespace,
                [CriLabels.PodUid] = launch.PodUid,
                [CriLabels.ContainerName] = launch.ContainerName,
            },
        };

        // As the kubelet does: the spec's command and args as written (expanded); containerd applies the image's entrypoint and cmd.
        containerConfig.Command.AddRange(launch.Command ?? []);
        containerConfig.Args.AddRange(launch.Args ?? []);
        containerConfig.Envs.AddRange(launch.Environment.Select(pair => new KeyValue { Key = pair.Key, Value = pair.Value }));
        containerConfig.Mounts.AddRange((launch.Mounts ?? []).Select((mount, index) => new Mount
        {
            ContainerPath = mount.ContainerPath,
            HostPath = runtime.SubPaths.HostPathOf(mount, config.Metadata.Uid, launch.ContainerName, index),
            Readonly = mount.ReadOnly,
        }));
        return containerConfig;
    }

    private static LinuxContainerResources? ResourcesOf(ContainerResources? resources) => resources is null
        ? null
        : new LinuxContainerResources
        {
            CpuPeriod = resources.CpuPeriod,
            CpuQuota = resources.CpuQuota,
            CpuShares = resources.CpuShares,
            MemoryLimitInBytes = resources.MemoryLimitInBytes,
            OomScoreAdj = resources.OomScoreAdj,
        };

    /// <summary>StopPodSandbox then RemovePodSandbox: containers still running are killed and everything is removed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await runtime.RemoveSandboxAsync(Id).ConfigureAwait(false);

        // After the sandbox: its containers no longer use the targets (kubelet: CleanSubPaths at volume teardown).
        runtime.SubPaths.ReleasePod(config.Metadata.Uid);
        CriContainer[] containers;
        lock (_containers)
        {
            containers = [.. _containers];
        }

        foreach (var container in containers)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }

        runtime.Forget(this);
    }
}
