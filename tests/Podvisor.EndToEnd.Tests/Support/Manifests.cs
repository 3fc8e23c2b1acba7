using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests.Support;

/// <summary>Small manifests written inline by tests, for behaviours the examples do not isolate.</summary>
internal static class Manifests
{
    /// <summary>A container that prints <c>ready</c>, then on SIGTERM prints <c>draining</c> and exits 0.</summary>
    public static string TrapsSigterm(string name, int gracePeriodSeconds = 30) => TestManifests.DrainsOnSigterm(name, gracePeriodSeconds);

    /// <summary>
    /// A container that ignores SIGTERM, with a preStop hook far longer than any test waits: stopping it
    /// at all before the grace period ends takes a SIGKILL.
    /// </summary>
    public static string LongPreStop(string name) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          terminationGracePeriodSeconds: 120
          containers:
          - name: app
            image: busybox:1.36
            command:
            - sh
            - -c
            - |
              trap 'echo ignoring SIGTERM' TERM
              echo ready
              while true; do sleep 1 & wait $!; done
            lifecycle:
              preStop:
                exec:
                  command: [sh, -c, 'sleep 100']
        """;

    /// <summary>A quick job with fields the process runtime does not enforce.</summary>
    public const string WithResources = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: with-resources
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'echo hi']
            resources:
              limits:
                cpu: 500m
                memory: 64Mi
                ephemeral-storage: 1Gi
        """;

    /// <summary>A typo kubectl rejects with strict decoding: <c>periodSecond</c> for <c>periodSeconds</c>.</summary>
    public const string UnknownField = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: typo
        spec:
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'sleep 5']
            livenessProbe:
              exec:
                command: ['true']
              periodSecond: 5
        """;
}
