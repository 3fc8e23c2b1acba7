namespace Podvisor.Engine.Tests.Admission;

public class UnhonouredFieldsTests
{
    private static readonly string PodWithUnhonouredFields = AdmissionFixture.Pod(
        "resources:\n  limits: {cpu: 500m, memory: 64Mi, ephemeral-storage: 1Gi}\nvolumeMounts:\n- {name: data, mountPath: /data}\nreadinessProbe: {tcpSocket: {port: 80}}",
        "nodeSelector: {disk: ssd}\ntolerations:\n- {key: k, operator: Exists}\nserviceAccountName: robot\nvolumes:\n- name: data\n  nfs: {server: nas, path: /data}\nsecurityContext: {runAsUser: 1000}");

    [Fact]
    public void Admit_UnhonouredFields_WarnsInStableOrder()
    {
        var result = AdmissionFixture.Admit(PodWithUnhonouredFields);

        Assert.Empty(result.Errors);
        Assert.Single(result.Pods);
        Assert.Equal(
            [
                "spec.nodeSelector: ignored: the pod runs on this machine, there is no scheduler",
                "spec.securityContext: not enforced by the process runtime",
                "spec.serviceAccountName: ignored: the process runtime has no service accounts or image pull secrets",
                "spec.tolerations: ignored: the pod runs on this machine, there is no scheduler",
                "spec.containers[0].resources.limits: not enforced by the process runtime, except cpu and memory as root",
                "spec.containers[0].volumeMounts: volume type not supported by the process runtime",
                "spec.volumes[0]: volume type not supported by the process runtime",
            ],
            result.Warnings);
    }

    [Fact]
    public void Admit_StdinStdinOnceAndTty_AreHonoured()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod("stdin: true\nstdinOnce: true\ntty: true"), strict: true);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Admit_Strict_WarningsBecomeErrors()
    {
        var result = AdmissionFixture.Admit(PodWithUnhonouredFields, strict: true);

        Assert.Empty(result.Pods);
        Assert.Empty(result.Warnings);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("The Pod \"web\" is invalid: [spec.nodeSelector: Forbidden: ignored: the pod runs on this machine", error, StringComparison.Ordinal);
        Assert.EndsWith("spec.volumes[0]: Forbidden: volume type not supported by the process runtime]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_OnlyDefaultedFields_NoWarnings()
    {
        // Defaulting adds tolerations and an empty securityContext; those are not the user's asks.
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(specExtra: "securityContext: {}"), strict: true);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Admit_CpuAndMemoryLimitsAndRequests_AreNotWarned_TheRuntimeEnforcesThem()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod("resources:\n  limits: {cpu: 500m, memory: 64Mi}\n  requests: {cpu: 250m, memory: 32Mi}"), strict: true);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Admit_InitContainerLimits_WarnedWithInitPath()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(specExtra: "initContainers:\n- name: init\n  image: busybox\n  resources: {requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 1Gi}}"));

        Assert.Equal(["spec.initContainers[0].resources.requests: not enforced by the process runtime, except cpu and memory as root"], result.Warnings);
    }
}
