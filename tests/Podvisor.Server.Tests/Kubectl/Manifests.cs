using Podvisor.Testing;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>Pods the kubectl tests apply; written to files, as users do.</summary>
internal static class Manifests
{
    /// <summary>Prints <c>ready</c>, then on SIGTERM prints <c>draining</c> and exits 0; labelled <c>app: NAME</c>.</summary>
    public static string Server(string name, int grace = 30) => TestManifests.DrainsOnSigterm(name, grace, appLabel: true);

    /// <summary>Writes <c>/tmp/x</c> (its private /tmp), prints <c>written</c>, then waits.</summary>
    public static string TmpWriter(string name) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'echo "from the container" > /tmp/x; echo written; exec sleep 3600']
        """;

    /// <summary>Two containers: <c>app</c> prints three numbered lines, <c>side</c> one; both then wait.</summary>
    public const string TwoContainers = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: pair
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'for i in 1 2 3; do echo "app line $i"; done; exec sleep 3600']
          - name: side
            image: busybox:1.36
            command: [sh, -c, 'echo "side line"; exec sleep 3600']
        """;

    /// <summary>Prints a line a little apart three times and ends: <c>logs -f</c> must end with it.</summary>
    public const string Counter = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: counter
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'for i in 1 2 3; do echo "count $i"; sleep 0.5; done']
        """;

    /// <summary>Fails at once every time: restarts with back-off, so <c>--previous</c> has something to show.</summary>
    public const string Crasher = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: crasher
        spec:
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'echo "crashing now"; exit 1']
        """;

    public const string MissingImage = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
        spec:
          containers:
          - name: app
        """;

    public const string UnknownField = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: typo
        spec:
          containers:
          - name: app
            image: busybox:1.36
            command: [sleep, '5']
            imagePullPolicyy: Always
        """;

    /// <summary>A long sleeper whose command line carries <paramref name="marker"/>, to find its process.</summary>
    public static string Sleeper(string name, string marker) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'echo started; exec sleep {{marker}}']
        """;

    /// <summary>Says <c>waiting</c> until a file appears, then writes to stdout and stderr and ends.</summary>
    public static string Talker(string trigger) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: talker
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'while [ ! -e {{trigger}} ]; do echo waiting; sleep 0.2; done; echo "said out"; echo "said err" >&2']
        """;

    public const string Job = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: job
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: busybox:1.36
            command: [sh, -c, 'echo done']
        """;
}
