namespace Podvisor.Testing;

/// <summary>Pod manifests more than one test project writes, kept here so each is written once.</summary>
internal static class TestManifests
{
    /// <summary>
    /// One container that prints <c>ready</c>, then on SIGTERM prints <c>draining</c> and exits 0: the app that drains.
    /// With <paramref name="appLabel"/> it carries <c>app: NAME</c>, for selectors (Services, <c>kubectl get -l</c>).
    /// </summary>
    public static string DrainsOnSigterm(string name, int gracePeriodSeconds = 30, bool appLabel = false) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        {{(appLabel ? $"  labels:\n    app: {name}\n" : string.Empty)}}spec:
          terminationGracePeriodSeconds: {{gracePeriodSeconds}}
          containers:
          - name: app
            image: busybox:1.36
            command:
            - sh
            - -c
            - |
              trap 'echo draining; exit 0' TERM
              echo ready
              while true; do sleep 1 & wait $!; done
        """;
}
