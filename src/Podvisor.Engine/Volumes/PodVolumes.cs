using System.Globalization;
using k8s.Models;
using Podvisor.Engine.Config;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Volumes;

/// <summary>
/// A pod's volumes on this node, laid out as the kubelet does under the state directory
/// (<c>kubelet/pods/UID/volumes/kubernetes.io~empty-dir/NAME</c>), plus each container instance's
/// scratch directory (its writable layer, holding its private /tmp). emptyDir, hostPath, and the projections
/// (configMap, secret, downwardAPI, projected: see <see cref="ConfigVolumePayload"/>, <see cref="AtomicWriter"/>)
/// are honoured; admission warns about the other types, and their mounts are left out. Once set up, the
/// projections are rewritten whenever the config source reports a change, as the kubelet's periodic remount does.
/// </summary>
internal sealed class PodVolumes
{
    private const string ContainerIdSchemeSeparator = "://";

    private readonly IReadOnlyList<V1Volume> _volumes;
    private readonly Dictionary<string, (string Path, bool IsDirectory)> _ready = new(StringComparer.Ordinal);
    private readonly IConfigSource _configs;
    private readonly PodFieldContext? _fields;
    private readonly TimeProvider _time;

    // Refreshes run on the config source's thread; this keeps them apart from each other and from Remove.
    private readonly Lock _refreshGate = new();
    private IDisposable? _subscription;
    private IHostPaths _host = PortableHostPaths.Instance;
    private bool _removed;

    private PodVolumes(string root, IReadOnlyList<V1Volume> volumes, IConfigSource configs, PodFieldContext? fields, TimeProvider time)
    {
        Root = root;
        _volumes = volumes;
        _configs = configs;
        _fields = fields;
        _time = time;
    }

    /// <summary>The pod's directory: removed, with every emptyDir and scratch directory in it, when the pod is.</summary>
    public string Root { get; }

    /// <param name="configs">Where configMap and secret volumes read their objects; none when null.</param>
    /// <param name="fields">What downwardAPI files read; required for a pod with projections.</param>
    public static PodVolumes For(V1Pod pod, string stateDirectory, IConfigSource? configs = null, PodFieldContext? fields = null, TimeProvider? time = null)
    {
        var uid = string.IsNullOrEmpty(pod.Metadata?.Uid) ? $"{pod.Metadata?.NamespaceProperty}_{pod.Metadata?.Name}" : pod.Metadata.Uid;
        var honoured = (pod.Spec?.Volumes ?? []).Where(v => v.EmptyDir is not null || v.HostPath is not null || IsProjection(v)).ToList();
        return new PodVolumes(Path.Combine(stateDirectory, "kubelet", "pods", uid), honoured, configs ?? EmptyConfigSource.Instance, fields, time ?? TimeProvider.System);
    }

    /// <summary>The volume types whose files the atomic writer lays out from API objects and pod fields.</summary>
    public static bool IsProjection(V1Volume volume) =>
        volume.ConfigMap is not null || volume.Secret is not null || volume.DownwardAPI is not null || volume.Projected is not null;

    /// <summary>
    /// Sets up every volume not yet set up, in spec order (the kubelet's MountVolume.SetUp): creates emptyDirs
    /// fresh, runs hostPath type checks. Returns null when all are ready, else the FailedMount event message.
    /// </summary>
    public string? SetUp(IHostPaths host)
    {
        _host = host;
        foreach (var volume in _volumes)
        {
            if (_ready.ContainsKey(volume.Name))
            {
                continue;
            }

            var error = volume.EmptyDir is not null ? SetUpEmptyDir(volume.Name)
                : volume.HostPath is not null ? SetUpHostPath(volume.Name, volume.HostPath, host)
                : SetUpProjection(volume);
            if (error is not null)
            {
                return $"MountVolume.SetUp failed for volume \"{volume.Name}\" : {error}";
            }
        }

        if (_subscription is null && _volumes.Any(IsProjection))
        {
            _subscription = _configs.Subscribe(Refresh);
        }

        return null;
    }

    /// <summary>The kubelet's message when a pod's volumes are still not all mounted after its two-minute wait.</summary>
    public string TimedOutMessage()
    {
        var unmounted = _volumes.Where(v => !_ready.ContainsKey(v.Name)).Select(v => v.Name);
        var all = _volumes.Select(v => v.Name);
        return $"Unable to attach or mount volumes: unmounted volumes=[{string.Join(' ', unmounted)}], unattached volumes=[{string.Join(' ', all)}]: timed out waiting for the condition";
    }

    /// <summary>The binds of <paramref name="container"/>'s volumeMounts, for the volumes that are set up; subPath directories are created as the kubelet does.</summary>
    public IReadOnlyList<ContainerMount> MountsFor(V1Container container) => MountsFor(container, out _);

    /// <summary>
    /// As <see cref="MountsFor(V1Container)"/>; a subPath that resolves outside its volume (through a symlink a
    /// container made) is left out and reported in <paramref name="problem"/> in the kubelet's words, which do not
    /// say where it led: the start must then fail rather than bind a host path.
    /// </summary>
    public IReadOnlyList<ContainerMount> MountsFor(V1Container container, out string? problem)
    {
        problem = null;
        var mounts = new List<ContainerMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!_ready.TryGetValue(mount.Name, out var volume))
            {
                continue;
            }

            var source = volume.Path;
            string? beneath = null;
            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                string? resolved;
                try
                {
                    resolved = SubPathResolver.Resolve(volume.Path, mount.SubPath, createMissing: volume.IsDirectory);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    resolved = null;
                }

                if (resolved is null)
                {
                    // kubelet_pods.go makeMounts: no detail, which could tell the container about the host.
                    problem ??= $"failed to prepare subPath for volumeMount \"{mount.Name}\" of container \"{container.Name}\"";
                    continue;
                }

                source = resolved;
                beneath = SubPathResolver.VolumeRoot(volume.Path);
            }

            var target = mount.MountPath.StartsWith('/') ? mount.MountPath : "/" + mount.MountPath;
            // The projections are always read-only in a container (their plugins' GetAttributes().ReadOnly).
            var readOnly = mount.ReadOnlyProperty == true || _volumes.Any(v => v.Name == mount.Name && IsProjection(v));
            mounts.Add(new ContainerMount(target, source, readOnly, beneath));
        }

        return mounts;
    }

    /// <summary>A new directory for one container instance's writable state; a restart gets another one.</summary>
    public string ScratchFor(string containerName, string containerId)
    {
        // A status' containerID is <runtime>://<id> (podvisor://, containerd://); the scratch directory is named by the id.
        var separator = containerId.IndexOf(ContainerIdSchemeSeparator, StringComparison.Ordinal);
        var id = separator >= 0 ? containerId[(separator + ContainerIdSchemeSeparator.Length)..] : containerId;
        return Path.Combine(Root, "containers", containerName, id[..Math.Min(12, id.Length)]);
    }

    /// <summary>
    /// Where <paramref name="containerPath"/> of an instance's view lies on the host (under its private /tmp or a
    /// volume, the deepest first); null when outside both. For files the engine reads, such as the termination message.
    /// </summary>
    public string? ToHost(V1Container container, string containerId, string containerPath)
    {
        var mounts = MountsFor(container).ToList();
        if (!mounts.Any(m => m.ContainerPath == "/tmp"))
        {
            mounts.Add(new ContainerMount("/tmp", Path.Combine(ScratchFor(container.Name, containerId), "tmp"), ReadOnly: false));
        }

        foreach (var mount in mounts.OrderByDescending(m => m.ContainerPath.Length))
        {
            var prefix = mount.ContainerPath.TrimEnd('/') + "/";
            if (containerPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Path.Combine(mount.HostPath, containerPath[prefix.Length..]);
            }

            if (containerPath == mount.ContainerPath)
            {
                return mount.HostPath;
            }
        }

        return null;
    }

    /// <summary>Deletes the pod's directory: emptyDir contents and every instance's private /tmp. HostPaths are untouched.</summary>
    public void Remove()
    {
        StopRefreshes();
        DirectoryRemover.Remove(Root);
    }

    /// <summary>As <see cref="Remove"/>, the deletion done by <paramref name="remover"/>'s threads (not the caller's).</summary>
    public Task RemoveAsync(DirectoryRemover remover)
    {
        ArgumentNullException.ThrowIfNull(remover);
        StopRefreshes();
        return remover.RemoveAsync(Root);
    }

    private void StopRefreshes()
    {
        lock (_refreshGate)
        {
            _removed = true;
            _subscription?.Dispose();
        }
    }

    private static string KindDirectory(V1Volume volume) => volume switch
    {
        { ConfigMap: not null } => "kubernetes.io~configmap",
        { Secret: not null } => "kubernetes.io~secret",
        { DownwardAPI: not null } => "kubernetes.io~downward-api",
        _ => "kubernetes.io~projected",
    };

    /// <summary>Computes the payload and writes it with the atomic writer; null when done, else the setup error.</summary>
    private string? SetUpProjection(V1Volume volume)
    {
        var path = Path.Combine(Root, "volumes", KindDirectory(volume), volume.Name);
        var error = WriteProjection(volume, path);
        if (error is null)
        {
            // Not a directory for subPath purposes: a missing key is not created, it fails the start.
            _ready[volume.Name] = (path, false);
        }

        return error;
    }

    private string? WriteProjection(V1Volume volume, string path)
    {
        var fields = _fields ?? throw new InvalidOperationException("a pod with projected volumes needs its field context");
        var (payload, error) = ConfigVolumePayload.Make(volume, fields, _configs);
        if (payload is null)
        {
            return error;
        }

        try
        {
            lock (_refreshGate)
            {
                AtomicWriter.Write(path, payload, _time.GetUtcNow(), _host);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"write {path}: {ex.Message}";
        }
    }

    /// <summary>
    /// A ConfigMap or Secret changed: rewrite every projection set up so far. A new payload swaps <c>..data</c>; an
    /// unchanged one writes nothing. When an object is now missing (not optional) the files stay as they were, as
    /// the kubelet's failing remount leaves them. subPath mounts bound a file of the old directory and keep it.
    /// </summary>
    private void Refresh()
    {
        lock (_refreshGate)
        {
            if (_removed)
            {
                return;
            }

            foreach (var volume in _volumes.Where(IsProjection))
            {
                if (_ready.TryGetValue(volume.Name, out var ready))
                {
                    WriteProjection(volume, ready.Path);
                }
            }
        }
    }

    private string? SetUpHostPath(string name, V1HostPathVolumeSource source, IHostPaths host)
    {
        var problem = HostPathTypeCheck.Run(source.Path, source.Type, host);
        if (problem is null)
        {
            // Without a type the path may not exist yet; the runtime then fails the start in runc's words.
            _ready[name] = (source.Path, host.KindOf(source.Path) is HostPathKind.Directory or HostPathKind.Missing);
        }

        return problem;
    }

    private string? SetUpEmptyDir(string name)
    {
        var path = Path.Combine(Root, "volumes", "kubernetes.io~empty-dir", name);
        try
        {
            // An emptyDir starts empty: whatever an earlier run with this UID left is not this pod's.
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            Directory.CreateDirectory(path);
            if (!OperatingSystem.IsWindows())
            {
                // The kubelet's emptyDir mode: any user in any container of the pod may write.
                File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"mkdir {path}: {ex.Message}");
        }

        _ready[name] = (path, true);
        return null;
    }
}
