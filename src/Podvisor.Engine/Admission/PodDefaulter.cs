using System.Security.Cryptography;
using k8s.Models;
using Podvisor.Engine.Images;

namespace Podvisor.Engine.Admission;

/// <summary>
/// Sets what the apiserver sets on a new core/v1 Pod: the scheme defaults (pkg/apis/core/v1/defaults.go),
/// what create fills in (namespace, uid, creationTimestamp) and the Priority and DefaultTolerationSeconds
/// admission plugins. Only unset fields are touched.
/// </summary>
public sealed class PodDefaulter(TimeProvider time)
{
    /// <summary>The namespace a pod without one is created in.</summary>
    public const string DefaultNamespace = "default";
    /// <summary><c>terminationGracePeriodSeconds</c> when unset (v1 defaults).</summary>
    public const int DefaultTerminationGracePeriodSeconds = 30;
    /// <summary>A container's <c>terminationMessagePath</c> when unset.</summary>
    public const string TerminationMessagePath = "/dev/termination-log";
    /// <summary>The DefaultTolerationSeconds plugin's <c>tolerationSeconds</c> for not-ready and unreachable.</summary>
    public const long DefaultTolerationSeconds = 300;
    private static readonly string[] DefaultTolerationKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    private readonly TimeProvider _time = time;

    /// <summary>Fills in every unset field the apiserver would, in place.</summary>
    public void Apply(V1Pod pod)
    {
        var metadata = pod.Metadata ??= new V1ObjectMeta();
        if (string.IsNullOrEmpty(metadata.Name) && !string.IsNullOrEmpty(metadata.GenerateName))
        {
            metadata.Name = GenerateName(metadata.GenerateName);
        }

        metadata.NamespaceProperty = string.IsNullOrEmpty(metadata.NamespaceProperty) ? DefaultNamespace : metadata.NamespaceProperty;
        metadata.Uid = string.IsNullOrEmpty(metadata.Uid) ? Guid.NewGuid().ToString() : metadata.Uid;
        if (metadata.CreationTimestamp is null)
        {
            // metav1.Time has second precision on the wire.
            var now = _time.GetUtcNow().UtcDateTime;
            metadata.CreationTimestamp = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }

        var spec = pod.Spec ??= new V1PodSpec();
        PodSpec(spec);
        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
        {
            Container(container, spec.HostNetwork == true);
        }
    }

    /// <summary>names.SimpleNameGenerator: the prefix plus five characters that cannot spell words.</summary>
    private static string GenerateName(string prefix)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        const int MaxPrefixLength = 63 - 5;
        var suffix = RandomNumberGenerator.GetString(Alphabet, 5);
        return (prefix.Length > MaxPrefixLength ? prefix[..MaxPrefixLength] : prefix) + suffix;
    }

    private static void PodSpec(V1PodSpec spec)
    {
        spec.DnsPolicy = string.IsNullOrEmpty(spec.DnsPolicy) ? "ClusterFirst" : spec.DnsPolicy;
        spec.RestartPolicy = string.IsNullOrEmpty(spec.RestartPolicy) ? "Always" : spec.RestartPolicy;
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.SchedulerName = string.IsNullOrEmpty(spec.SchedulerName) ? "default-scheduler" : spec.SchedulerName;
        spec.EnableServiceLinks ??= true;
        // Since 1.27 the v1 conversion turns a negative grace period into 1 (kubernetes#115606)
        // instead of rejecting it: "delete now" stays "as fast as possible, but gracefully".
        spec.TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds switch
        {
            null => DefaultTerminationGracePeriodSeconds,
            < 0 => 1,
            var grace => grace,
        };

        // Priority admission plugin: no PriorityClass objects exist here, so only the built-in ones resolve.
        spec.Priority ??= spec.PriorityClassName switch
        {
            "system-node-critical" => 2000001000,
            "system-cluster-critical" => 2000000000,
            _ => 0,
        };
        spec.PreemptionPolicy = string.IsNullOrEmpty(spec.PreemptionPolicy) ? "PreemptLowerPriority" : spec.PreemptionPolicy;
        DefaultTolerations(spec);
    }

    /// <summary>DefaultTolerationSeconds plugin: tolerate not-ready/unreachable for 5 minutes unless the pod already says how.</summary>
    private static void DefaultTolerations(V1PodSpec spec)
    {
        var tolerations = spec.Tolerations ?? [];
        foreach (var key in DefaultTolerationKeys)
        {
            var tolerated = tolerations.Any(t =>
                (t.Effect is null or "" or "NoExecute")
                && (t.Key == key || (string.IsNullOrEmpty(t.Key) && t.OperatorProperty == "Exists")));
            if (!tolerated)
            {
                tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = DefaultTolerationSeconds });
            }
        }

        spec.Tolerations = tolerations;
    }

    internal static void Container(V1Container container, bool hostNetwork)
    {
        container.TerminationMessagePath = string.IsNullOrEmpty(container.TerminationMessagePath) ? TerminationMessagePath : container.TerminationMessagePath;
        container.TerminationMessagePolicy = string.IsNullOrEmpty(container.TerminationMessagePolicy) ? "File" : container.TerminationMessagePolicy;
        if (string.IsNullOrEmpty(container.ImagePullPolicy))
        {
            // An unparsable (e.g. missing) image has no tag, which upstream treats as not "latest".
            var latest = !string.IsNullOrWhiteSpace(container.Image) && ImageReference.Parse(container.Image).IsLatest;
            container.ImagePullPolicy = latest ? "Always" : "IfNotPresent";
        }

        container.Resources ??= new V1ResourceRequirements();
        // SetDefaults_Pod: limits without requests mean requests equal to the limits.
        if (container.Resources.Limits is { Count: > 0 } limits)
        {
            var requests = container.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            foreach (var (resource, quantity) in limits)
            {
                requests.TryAdd(resource, quantity);
            }
        }

        foreach (var port in container.Ports ?? [])
        {
            port.Protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol;
            // With hostNetwork the container port is the host port.
            if (hostNetwork && port.HostPort is null or 0)
            {
                port.HostPort = port.ContainerPort;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom?.FieldRef is { } fieldRef && string.IsNullOrEmpty(fieldRef.ApiVersion))
            {
                fieldRef.ApiVersion = "v1";
            }
        }

        Probe(container.LivenessProbe);
        Probe(container.ReadinessProbe);
        Probe(container.StartupProbe);
        HttpGet(container.Lifecycle?.PostStart?.HttpGet);
        HttpGet(container.Lifecycle?.PreStop?.HttpGet);
    }

    /// <summary>SetDefaults_Probe: the Go fields are plain int32, so 0 counts as unset.</summary>
    private static void Probe(V1Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        probe.TimeoutSeconds = probe.TimeoutSeconds is null or 0 ? 1 : probe.TimeoutSeconds;
        probe.PeriodSeconds = probe.PeriodSeconds is null or 0 ? 10 : probe.PeriodSeconds;
        probe.SuccessThreshold = probe.SuccessThreshold is null or 0 ? 1 : probe.SuccessThreshold;
        probe.FailureThreshold = probe.FailureThreshold is null or 0 ? 3 : probe.FailureThreshold;
        HttpGet(probe.HttpGet);
    }

    /// <summary>SetDefaults_HTTPGetAction.</summary>
    private static void HttpGet(V1HTTPGetAction? action)
    {
        if (action is null)
        {
            return;
        }

        action.Path = string.IsNullOrEmpty(action.Path) ? "/" : action.Path;
        action.Scheme = string.IsNullOrEmpty(action.Scheme) ? "HTTP" : action.Scheme;
    }
}
