using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// What the three parts of the CRI scenario share: the loopback registry both tools pull from, podman pointed at it
/// (null when podman is not available), and podvisor's arguments for the containerd runtime with it as docker.io's mirror.
/// </summary>
internal sealed record CriSetup(BenchContext Context, LoopbackRegistry Registry, Podman? Podman, string Dir)
{
    /// <summary>build.sh's busybox (~1 MB), fully qualified so that neither tool resolves a short name.</summary>
    public const string Busybox = "docker.io/library/busybox:1.36";

    /// <summary>That busybox plus a 4 MiB layer of random bytes (<see cref="PaddedImage"/>), pushed by the scenario.</summary>
    public const string Padded = "docker.io/library/busybox:bench-5mb";

    /// <summary>podvisor's state directory for create and SIGKILL: one containerd store, so the image stays present.</summary>
    public string StateDir => Path.Combine(Dir, "state");

    /// <summary>Mounted at /shared in every pod: the payloads' stamp and SIGTERM files.</summary>
    public string SharedDir => Path.Combine(Dir, "shared");

    public string Mirror => $"docker.io=http://{Registry.Address}";

    /// <summary><c>podvisor run MANIFEST --runtime containerd --state-dir DIR --registry-mirror docker.io=…</c> (the verb is added by <see cref="PodvisorRun"/>).</summary>
    public string[] RunArgs(string manifest, string stateDir) => [manifest, "--runtime", "containerd", "--state-dir", stateDir, "--registry-mirror", Mirror];

    /// <summary>
    /// One pod, one container, the same YAML for podvisor and `podman kube play`: hostNetwork (podvisor's CRI pods and
    /// bench/run's podman pods both use the host's network), the bench's static <c>probe</c> mounted read-only at /bench
    /// from the host, /shared for the files it writes.
    /// </summary>
    public string Pod(string name, string image, string[] command, int grace) =>
        $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          hostNetwork: true
          restartPolicy: Never
          terminationGracePeriodSeconds: {{grace}}
          volumes:
          - name: shared
            hostPath: {path: {{SharedDir}}, type: DirectoryOrCreate}
          - name: bench
            hostPath: {path: {{Context.NativeDir}}, type: Directory}
          containers:
          - name: c
            image: {{image}}
            imagePullPolicy: IfNotPresent
            command: [{{string.Join(", ", command.Select(c => "\"" + c + "\""))}}]
            volumeMounts:
            - {name: shared, mountPath: /shared}
            - {name: bench, mountPath: /bench, readOnly: true}

        """;
}
