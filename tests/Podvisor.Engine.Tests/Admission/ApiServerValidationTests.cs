namespace Podvisor.Engine.Tests.Admission;

/// <summary>
/// Issue 12 item 7: each invalid manifest the apiserver refuses, with its words
/// (pkg/apis/core/validation/validation.go, apimachinery's objectmeta.go and validation.go).
/// </summary>
public sealed class ApiServerValidationTests
{
    private const string QualifiedNameRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "label key", Meta("labels: {\"-bad\": x}"), "metadata.labels: Invalid value: \"-bad\": name part " + QualifiedNameRule },
        { "label value", Meta("labels: {app: \"a b\"}"), "metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "annotation key", Meta("annotations: {\"a/b/c\": x}"), "metadata.annotations: Invalid value: \"a/b/c\": a qualified name " + QualifiedNameRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
        { "finalizer", Meta("finalizers: [bad]"), "metadata.finalizers: Invalid value: \"bad\": name is neither a standard finalizer name nor is it fully qualified" },
        { "ownerReference", Meta("ownerReferences: [{apiVersion: v1, kind: Pod, name: x}]"), "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty" },
        { "image spaces", AdmissionFixture.Pod().Replace("image: nginx:1.25", "image: \" busybox\"", StringComparison.Ordinal), "spec.containers[0].image: Invalid value: \" busybox\": must not have leading or trailing whitespace" },
        { "schedulerName", AdmissionFixture.Pod(specExtra: "schedulerName: Bad_Name"), "spec.schedulerName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain" },
        { "hostNetwork port", AdmissionFixture.Pod("ports: [{containerPort: 80, hostPort: 8080}]", "hostNetwork: true"), "spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true" },
        { "duplicate hostPort", AdmissionFixture.Pod("ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]"), "spec.containers[0].ports[1].hostPort: Duplicate value: \"/TCP/8080\"" },
        { "requests > limits", AdmissionFixture.Pod("resources: {limits: {cpu: 1}, requests: {cpu: 2}}"), "spec.containers[0].resources.requests.cpu: Invalid value: \"2\": must be less than or equal to cpu limit of 1" },
        { "negative quantity", AdmissionFixture.Pod("resources: {limits: {memory: -1Mi}}"), "spec.containers[0].resources.limits.memory: Invalid value: \"-1Mi\": must be greater than or equal to 0" },
        { "fieldPath labels", AdmissionFixture.Pod("env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.labels}}}]"), "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"metadata.labels\": supported values: \"metadata.name\"" },
        { "resourceFieldRef gpus", AdmissionFixture.Pod("env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.gpus}}}]"), "spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.gpus\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"" },
        { "divisor 7", AdmissionFixture.Pod("env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: \"7\"}}}]"), "spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource" },
        { "configMapKeyRef key", AdmissionFixture.Pod("env: [{name: A, valueFrom: {configMapKeyRef: {name: cm}}}]"), "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value" },
        { "envFrom empty", AdmissionFixture.Pod("envFrom: [{prefix: P_}]"), "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`" },
        { "subPath + subPathExpr", AdmissionFixture.Pod("volumeMounts: [{name: data, mountPath: /d, subPath: a, subPathExpr: b}]", "volumes: [{name: data, emptyDir: {}}]"), "spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: \"b\": subPathExpr and subPath are mutually exclusive" },
        { "mountPropagation", AdmissionFixture.Pod("volumeMounts: [{name: data, mountPath: /d, mountPropagation: Sideways}]", "volumes: [{name: data, emptyDir: {}}]"), "spec.containers[0].volumeMounts[0].mountPropagation: Unsupported value: \"Sideways\": supported values: \"Bidirectional\", \"HostToContainer\", \"None\"" },
        { "defaultMode", AdmissionFixture.Pod(specExtra: "volumes: [{name: c, configMap: {name: cm, defaultMode: 4095}}]"), "spec.volumes[0].configMap.defaultMode: Invalid value: 4095: must be a number between 0 and 0777 (octal), both inclusive" },
        { "ephemeralContainers", AdmissionFixture.Pod(specExtra: "ephemeralContainers: [{name: dbg, image: busybox}]"), "spec.ephemeralContainers: Forbidden: cannot be set on create" },
        { "runAsUser -1", AdmissionFixture.Pod("securityContext: {runAsUser: -1}"), "spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive" },
        { "shareProcessNamespace + hostPID", AdmissionFixture.Pod(specExtra: "shareProcessNamespace: true\nhostPID: true"), "spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled" },
        { "PodList item v2", "apiVersion: v1\nkind: PodList\nitems:\n- apiVersion: v2\n  kind: Pod\n  metadata: {name: a}\n", "items[0]: no matches for kind \"Pod\" in version \"v2\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Admit_Invalid_RefusedInTheApiServersWords(string what, string yaml, string expected)
    {
        var result = AdmissionFixture.Admit(yaml);

        Assert.True(result.Pods.Count == 0, what);
        var errors = string.Join('\n', result.Errors);
        Assert.True(errors.Contains(expected, StringComparison.Ordinal), $"{what}: expected {expected}\nin {errors}");
    }

    [Fact]
    public void Admit_AnnotationsOver256KiB_TooLong()
    {
        var yaml = AdmissionFixture.Pod().Replace("  name: web", $"  name: web\n  annotations: {{big: \"{new string('x', 256 * 1024)}\"}}", StringComparison.Ordinal);

        var result = AdmissionFixture.Admit(yaml);

        Assert.Contains(result.Errors, e => e.Contains("metadata.annotations: Too long: may not be more than 262144 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Admit_AnnotationsJustUnder256KiB_Accepted()
    {
        var yaml = AdmissionFixture.Pod().Replace("  name: web", $"  name: web\n  annotations: {{big: \"{new string('x', (256 * 1024) - 3)}\"}}", StringComparison.Ordinal);

        Assert.Empty(AdmissionFixture.Admit(yaml).Errors);
    }

    [Theory]
    [InlineData("configMapKeyRef: {name: cm, key: k}")]
    [InlineData("secretKeyRef: {name: s, key: k}")]
    public void Admit_ConfigMapOrSecretRef_HonouredSoNotWarned(string source)
    {
        var yaml = AdmissionFixture.Pod($"env: [{{name: A, valueFrom: {{{source}}}}}]\nenvFrom: [{{configMapRef: {{name: cm}}}}]");

        var strict = AdmissionFixture.Admit(yaml, strict: true);

        Assert.Empty(strict.Errors);
        Assert.Single(strict.Pods);
    }

    [Theory]
    [InlineData("resourceFieldRef: {resource: limits.cpu}", "resourceFieldRef")]
    public void Admit_UnresolvableValueFrom_WarnedAndRefusedByStrict(string source, string field)
    {
        var yaml = AdmissionFixture.Pod($"env: [{{name: A, valueFrom: {{{source}}}}}]");

        var lenient = AdmissionFixture.Admit(yaml);
        var strict = AdmissionFixture.Admit(yaml, strict: true);

        Assert.Contains(lenient.Warnings, w => w.StartsWith($"spec.containers[0].env[0].valueFrom.{field}: ", StringComparison.Ordinal));
        Assert.Empty(strict.Pods);
        Assert.Contains(strict.Errors, e => e.Contains($"spec.containers[0].env[0].valueFrom.{field}: Forbidden", StringComparison.Ordinal));
    }

    private static string Meta(string extra) =>
        AdmissionFixture.Pod().Replace("  name: web", "  name: web\n  " + extra, StringComparison.Ordinal);
}
