using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Engine.Admission;

/// <summary>
/// Valid fields the process runtime does not honour. Each becomes a warning (an error with
/// <c>--strict</c>) so nothing is dropped silently. The tables shrink as features land.
/// </summary>
internal static class UnhonouredFields
{
    private const string NotEnforced = "not enforced by the process runtime";
    private const string NoScheduler = "ignored: the pod runs on this machine, there is no scheduler";
    private const string SharesHost = "ignored: processes always share the host's namespaces";
    private const string NoApiObjects = "ignored: the process runtime has no service accounts or image pull secrets";
    private const string NotYet = "not supported yet by this version";
    private const string ProcessPullsNothing = "used only by the containerd runtime's image pulls: the process runtime pulls no images";
    private const string NoVolumes = "volume type not supported by the process runtime";
    private const string BeyondCpuAndMemory = NotEnforced + ", except cpu and memory as root";

    /// <summary>Pod-level fields, in PodSpec field order.</summary>
    private static readonly (string Field, Func<V1PodSpec, bool> IsSet, string Reason)[] PodRules =
    [
        ("activeDeadlineSeconds", s => s.ActiveDeadlineSeconds is not null, NotYet),
        ("affinity", s => s.Affinity is not null, NoScheduler),
        ("automountServiceAccountToken", s => s.AutomountServiceAccountToken == true, NoApiObjects),
        ("dnsConfig", s => s.DnsConfig is not null, NotEnforced),
        ("ephemeralContainers", s => s.EphemeralContainers is { Count: > 0 }, NotYet),
        ("hostAliases", s => s.HostAliases is { Count: > 0 }, NotEnforced),
        ("hostIPC", s => s.HostIPC == false, SharesHost),
        ("hostNetwork", s => s.HostNetwork == false, SharesHost),
        ("hostPID", s => s.HostPID == false, SharesHost),
        ("hostUsers", s => s.HostUsers == false, SharesHost),
        ("hostname", s => !string.IsNullOrEmpty(s.Hostname), NotEnforced),
        ("imagePullSecrets", s => s.ImagePullSecrets is { Count: > 0 }, ProcessPullsNothing),
        ("nodeName", s => !string.IsNullOrEmpty(s.NodeName), NoScheduler),
        ("nodeSelector", s => s.NodeSelector is { Count: > 0 }, NoScheduler),
        ("os", s => s.Os is not null && !UsesStopSignal(s), NotEnforced),
        ("overhead", s => s.Overhead is { Count: > 0 }, NotEnforced),
        ("priorityClassName", s => !string.IsNullOrEmpty(s.PriorityClassName), NoScheduler),
        ("readinessGates", s => s.ReadinessGates is { Count: > 0 }, NotYet),
        ("resourceClaims", s => s.ResourceClaims is { Count: > 0 }, NotEnforced),
        ("resources", s => s.Resources is not null, NotEnforced),
        ("runtimeClassName", s => !string.IsNullOrEmpty(s.RuntimeClassName), NotEnforced),
        ("schedulingGates", s => s.SchedulingGates is { Count: > 0 }, NoScheduler),
        ("securityContext", s => !IsEmpty(s.SecurityContext), NotEnforced),
        ("serviceAccountName", s => !string.IsNullOrEmpty(s.ServiceAccountName), NoApiObjects),
        ("subdomain", s => !string.IsNullOrEmpty(s.Subdomain), NotEnforced),
        ("tolerations", s => s.Tolerations is { Count: > 0 }, NoScheduler),
        ("topologySpreadConstraints", s => s.TopologySpreadConstraints is { Count: > 0 }, NoScheduler),
    ];

    /// <summary>Per-container fields, in Container field order.</summary>
    private static readonly (string Field, Func<V1Container, bool> IsSet, string Reason)[] ContainerRules =
    [
        ("resizePolicy", c => c.ResizePolicy is { Count: > 0 }, NotEnforced),
        // CPU and memory limits and CPU requests are enforced as root (the container's cgroup, as runc makes it; where
        // they cannot be, the runtime says so at start); memory requests weigh the OOM score of the pod's QoS class, as on
        // a node. Ephemeral storage and extended resources are not.
        ("resources.limits", c => c.Resources?.Limits?.Keys.Any(k => k is not ("cpu" or "memory")) == true, BeyondCpuAndMemory),
        ("resources.requests", c => c.Resources?.Requests?.Keys.Any(k => k is not ("cpu" or "memory")) == true, BeyondCpuAndMemory),
        ("securityContext", c => !IsEmpty(c.SecurityContext), NotEnforced),
        ("volumeDevices", c => c.VolumeDevices is { Count: > 0 }, NotEnforced),
    ];

    /// <summary>Per-env sources the engine cannot resolve; without this they would silently give an empty value.</summary>
    private static readonly (string Field, Func<V1EnvVarSource, bool> IsSet, string Reason)[] EnvRules =
    [
        ("valueFrom.fileKeyRef", v => v.FileKeyRef is not null, NotYet + ": the variable would be empty"),
        ("valueFrom.resourceFieldRef", v => v.ResourceFieldRef is not null, NotYet + ": the variable would be empty"),
    ];

    /// <summary>Per-volumeMount fields, in VolumeMount field order.</summary>
    private static readonly (string Field, Func<V1VolumeMount, bool> IsSet, string Reason)[] MountRules =
    [
        ("mountPropagation", m => !string.IsNullOrEmpty(m.MountPropagation) && m.MountPropagation != "None", NotEnforced),
        ("recursiveReadOnly", m => m.RecursiveReadOnly is "Enabled", NotEnforced),
        ("subPathExpr", m => !string.IsNullOrEmpty(m.SubPathExpr), NotYet),
    ];

    /// <summary>Field errors (type Forbidden) for every unhonoured field of a pod as the user wrote it, in a stable order.</summary>
    public static IReadOnlyList<FieldError> Find(V1Pod pod)
    {
        var found = new List<FieldError>();
        if (pod.Spec is not { } spec)
        {
            return found;
        }

        foreach (var (field, isSet, reason) in PodRules)
        {
            if (isSet(spec))
            {
                found.Add(FieldError.Forbidden($"spec.{field}", reason));
            }
        }

        // emptyDir, hostPath and the projections are mounted; every other volume type, and a mount of one, is not.
        var volumes = spec.Volumes ?? [];
        var unsupported = volumes.Where(v => v.EmptyDir is null && v.HostPath is null && !Volumes.PodVolumes.IsProjection(v)).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        Containers(spec.InitContainers, "spec.initContainers", unsupported, found);
        Containers(spec.Containers, "spec.containers", unsupported, found);
        for (var i = 0; i < volumes.Count; i++)
        {
            if (unsupported.Contains(volumes[i].Name))
            {
                found.Add(FieldError.Forbidden($"spec.volumes[{i}]", NoVolumes));
            }
            else if (Volumes.PodVolumes.IsProjection(volumes[i]))
            {
                Projection(volumes[i], $"spec.volumes[{i}]", found);
            }
            else if (volumes[i].EmptyDir is { } emptyDir)
            {
                if (!string.IsNullOrEmpty(emptyDir.Medium))
                {
                    found.Add(FieldError.Forbidden($"spec.volumes[{i}].emptyDir.medium", "not enforced by the process runtime: the volume is a directory on disk"));
                }

                if (emptyDir.SizeLimit is not null)
                {
                    found.Add(FieldError.Forbidden($"spec.volumes[{i}].emptyDir.sizeLimit", NotEnforced));
                }
            }
        }

        return found;
    }

    /// <summary>The parts of projections the engine cannot fill: the pod's setup would fail on them, so say so up front.</summary>
    private static void Projection(V1Volume volume, string path, List<FieldError> found)
    {
        var downward = volume.DownwardAPI?.Items ?? [];
        for (var j = 0; j < downward.Count; j++)
        {
            if (downward[j].ResourceFieldRef is not null)
            {
                found.Add(FieldError.Forbidden($"{path}.downwardAPI.items[{j}].resourceFieldRef", NotYet + ": the volume cannot be set up"));
            }
        }

        var sources = volume.Projected?.Sources ?? [];
        for (var j = 0; j < sources.Count; j++)
        {
            if (sources[j].ServiceAccountToken is not null)
            {
                found.Add(FieldError.Forbidden($"{path}.projected.sources[{j}].serviceAccountToken", NoApiObjects + ": the volume cannot be set up"));
            }
            else if (sources[j].ClusterTrustBundle is not null)
            {
                found.Add(FieldError.Forbidden($"{path}.projected.sources[{j}].clusterTrustBundle", NotYet + ": the volume cannot be set up"));
            }
            else if (sources[j].DownwardAPI?.Items?.Any(item => item.ResourceFieldRef is not null) == true)
            {
                found.Add(FieldError.Forbidden($"{path}.projected.sources[{j}].downwardAPI", "resourceFieldRef " + NotYet + ": the volume cannot be set up"));
            }
        }
    }

    /// <summary>The warning text: <c>spec.nodeSelector: ignored: …</c>.</summary>
    public static string ToWarning(FieldError error) => $"{error.Field}: {error.Detail}";

    private static void Containers(IList<V1Container>? containers, string path, IReadOnlySet<string> unsupportedVolumes, List<FieldError> found)
    {
        if (containers is null)
        {
            return;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            foreach (var (field, isSet, reason) in ContainerRules)
            {
                if (isSet(containers[i]))
                {
                    found.Add(FieldError.Forbidden($"{path}[{i}].{field}", reason));
                }
            }

            var env = containers[i].Env ?? [];
            for (var j = 0; j < env.Count; j++)
            {
                foreach (var (field, isSet, reason) in EnvRules)
                {
                    if (env[j]?.ValueFrom is { } source && isSet(source))
                    {
                        found.Add(FieldError.Forbidden($"{path}[{i}].env[{j}].{field}", reason));
                    }
                }
            }

            Mounts(containers[i].VolumeMounts ?? [], $"{path}[{i}].volumeMounts", unsupportedVolumes, found);
        }
    }

    private static void Mounts(IList<V1VolumeMount> mounts, string path, IReadOnlySet<string> unsupportedVolumes, List<FieldError> found)
    {
        if (mounts.Any(m => unsupportedVolumes.Contains(m.Name ?? string.Empty)))
        {
            found.Add(FieldError.Forbidden(path, NoVolumes));
        }

        for (var j = 0; j < mounts.Count; j++)
        {
            foreach (var (field, isSet, reason) in MountRules)
            {
                if (isSet(mounts[j]))
                {
                    found.Add(FieldError.Forbidden($"{path}[{j}].{field}", reason));
                }
            }
        }
    }

    private static bool UsesStopSignal(V1PodSpec spec) =>
        (spec.Containers ?? []).Concat(spec.InitContainers ?? []).Any(c => c.Lifecycle?.StopSignal is not null);

    /// <summary>A security context of only nulls is what defaulting sets; it asks for nothing.</summary>
    private static bool IsEmpty(object? securityContext) =>
        securityContext is null || ModelSerializer.Serialize(securityContext) == "{}";
}
