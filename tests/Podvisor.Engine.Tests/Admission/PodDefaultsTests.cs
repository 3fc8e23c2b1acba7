using k8s.Models;

namespace Podvisor.Engine.Tests.Admission;

public class PodDefaultsTests
{
    private static V1Pod AdmitOne(string yaml)
    {
        var result = AdmissionFixture.Admit(yaml);
        Assert.Empty(result.Errors);
        return Assert.Single(result.Pods);
    }

    [Fact]
    public void Admit_MinimalPod_GetsApiserverDefaults()
    {
        var pod = AdmitOne(AdmissionFixture.Pod());

        Assert.Equal("default", pod.Metadata.NamespaceProperty);
        Assert.True(Guid.TryParse(pod.Metadata.Uid, out var uid));
        Assert.Equal(4, uid.Version);
        Assert.Equal(new DateTime(2025, 3, 1, 12, 30, 45, DateTimeKind.Utc), pod.Metadata.CreationTimestamp);
        Assert.Null(pod.Metadata.Generation);
        var spec = pod.Spec;
        Assert.Equal("Always", spec.RestartPolicy);
        Assert.Equal(30, spec.TerminationGracePeriodSeconds);
        Assert.Equal("ClusterFirst", spec.DnsPolicy);
        Assert.Equal("default-scheduler", spec.SchedulerName);
        Assert.NotNull(spec.SecurityContext);
        Assert.True(spec.EnableServiceLinks);
        Assert.Equal(0, spec.Priority);
        Assert.Equal("PreemptLowerPriority", spec.PreemptionPolicy);
        Assert.Equal(
            [("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L), ("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L)],
            spec.Tolerations.Select(t => (t.Key, t.OperatorProperty, t.Effect, t.TolerationSeconds ?? 0)));
        var container = spec.Containers[0];
        Assert.Equal("/dev/termination-log", container.TerminationMessagePath);
        Assert.Equal("File", container.TerminationMessagePolicy);
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.NotNull(container.Resources);
    }

    [Fact]
    public void Admit_SetFields_AreKept()
    {
        var pod = AdmitOne(AdmissionFixture.Pod(
            "terminationMessagePolicy: FallbackToLogsOnError\nimagePullPolicy: Never",
            "restartPolicy: Never\nterminationGracePeriodSeconds: 5\ndnsPolicy: Default\ntolerations:\n- {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 10}")
            .Replace("name: web", "name: web\n  namespace: prod\n  uid: fixed", StringComparison.Ordinal));

        Assert.Equal(("prod", "fixed"), (pod.Metadata.NamespaceProperty, pod.Metadata.Uid));
        Assert.Equal(("Never", 5L, "Default"), (pod.Spec.RestartPolicy, pod.Spec.TerminationGracePeriodSeconds ?? 0, pod.Spec.DnsPolicy));
        Assert.Equal(
            [("node.kubernetes.io/not-ready", 10L), ("node.kubernetes.io/unreachable", 300L)],
            pod.Spec.Tolerations.Select(t => (t.Key, t.TolerationSeconds ?? 0)));
        Assert.Equal(("FallbackToLogsOnError", "Never"), (pod.Spec.Containers[0].TerminationMessagePolicy, pod.Spec.Containers[0].ImagePullPolicy));
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("ghcr.io/a/b", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("localhost:5000/app:dev", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void Admit_ImagePullPolicyUnset_DefaultsFromTag(string image, string expected)
    {
        var pod = AdmitOne(AdmissionFixture.Pod().Replace("image: nginx:1.25", $"image: \"{image}\"", StringComparison.Ordinal));

        Assert.Equal(expected, pod.Spec.Containers[0].ImagePullPolicy);
    }

    [Theory]
    [InlineData(-5, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(45, 45)]
    public void Admit_TerminationGracePeriod_NegativeCoercedToOne(long given, long expected)
    {
        var pod = AdmitOne(AdmissionFixture.Pod(specExtra: $"terminationGracePeriodSeconds: {given}"));

        Assert.Equal(expected, pod.Spec.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void Admit_ProbesPortsEnvAndHooks_GetNestedDefaults()
    {
        var pod = AdmitOne(AdmissionFixture.Pod("""
            ports:
            - containerPort: 80
            env:
            - name: POD
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            readinessProbe:
              httpGet: {port: 80}
            livenessProbe:
              exec: {command: [check]}
              periodSeconds: 0
              failureThreshold: 7
            lifecycle:
              preStop:
                httpGet: {port: 80, path: /stop}
            """));

        var container = pod.Spec.Containers[0];
        Assert.Equal("TCP", container.Ports[0].Protocol);
        Assert.Equal("v1", container.Env[0].ValueFrom.FieldRef.ApiVersion);
        var readiness = container.ReadinessProbe;
        Assert.Equal((10, 1, 1, 3), (readiness.PeriodSeconds ?? 0, readiness.TimeoutSeconds ?? 0, readiness.SuccessThreshold ?? 0, readiness.FailureThreshold ?? 0));
        Assert.Equal(("/", "HTTP"), (readiness.HttpGet.Path, readiness.HttpGet.Scheme));
        Assert.Equal((10, 7), (container.LivenessProbe.PeriodSeconds ?? 0, container.LivenessProbe.FailureThreshold ?? 0));
        Assert.Equal(("/stop", "HTTP"), (container.Lifecycle.PreStop.HttpGet.Path, container.Lifecycle.PreStop.HttpGet.Scheme));
    }

    [Fact]
    public void Admit_LimitsWithoutRequests_RequestsCopiedFromLimits()
    {
        var pod = AdmitOne(AdmissionFixture.Pod("resources:\n  limits: {memory: 64Mi}"));

        Assert.Equal("64Mi", pod.Spec.Containers[0].Resources.Requests["memory"].ToString());
    }

    [Fact]
    public void Admit_GenerateName_AppendsFiveCharacters()
    {
        var pod = AdmitOne(AdmissionFixture.Pod().Replace("name: web", "generateName: web-", StringComparison.Ordinal));

        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", pod.Metadata.Name);
    }
}
