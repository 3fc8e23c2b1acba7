using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Cli.Run;

/// <summary>
/// Runs the Kubernetes client's JSON serializer once, on another core, while this one reads and decodes the
/// manifests. Each serializer pays a one-time initialisation by reflection on first use (JSON ≈50 ms, YAML ≈170 ms,
/// even precompiled); admission needs the YAML one at once, and the engine needs the JSON one for its first pod
/// right after. Overlapping them takes ≈50 ms off a run's start (bench/README.md). Nothing waits for it.
/// </summary>
internal static class SerializerWarmUp
{
    public static void Start() => _ = Task.Run(static () => ModelSerializer.Deserialize<V1Pod>(ModelSerializer.Serialize(Sample())));

    /// <summary>A pod touching the model types a run's snapshots, events and output use.</summary>
    private static V1Pod Sample() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = "warm-up",
            Labels = new Dictionary<string, string> { ["app"] = "warm-up" },
            CreationTimestamp = DateTime.UnixEpoch,
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "busybox",
                    Command = ["true"],
                    Env = [new V1EnvVar { Name = "A", Value = "b" }],
                    Ports = [new V1ContainerPort { ContainerPort = 80 }],
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 80 } },
                    Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["true"] } } },
                    VolumeMounts = [new V1VolumeMount { Name = "v", MountPath = "/v" }],
                },
            ],
            Volumes = [new V1Volume { Name = "v", EmptyDir = new V1EmptyDirVolumeSource() }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = DateTime.UnixEpoch }],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "app",
                    Image = "busybox",
                    ImageID = string.Empty,
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = DateTime.UnixEpoch } },
                    LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } },
                },
            ],
        },
    };
}
