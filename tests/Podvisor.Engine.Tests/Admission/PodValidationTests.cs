namespace Podvisor.Engine.Tests.Admission;

public class PodValidationTests
{
    private const string Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>Container YAML (under containers[0]), pod spec YAML, and the one error expected.</summary>
    public static TheoryData<string, string, string> SingleErrors => new()
    {
        { "lifecycle:\n  preStop: {}", "", "spec.containers[0].lifecycle.preStop: Required value: must specify a handler type" },
        { "livenessProbe:\n  exec: {command: [x]}\n  tcpSocket: {port: 80}", "", "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type" },
        { "lifecycle:\n  postStart:\n    exec: {command: [x]}\n    sleep: {seconds: 1}", "", "spec.containers[0].lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type" },
        { "lifecycle:\n  postStart:\n    exec: {}", "", "spec.containers[0].lifecycle.postStart.exec.command: Required value" },
        { "readinessProbe:\n  httpGet: {port: 0}", "", "spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive" },
        { "readinessProbe:\n  httpGet: {port: 70000}", "", "spec.containers[0].readinessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { "readinessProbe:\n  tcpSocket: {port: web--x}", "", "spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"web--x\": must not contain consecutive hyphens" },
        { "readinessProbe:\n  httpGet: {port: 80, scheme: FTP}", "", "spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"" },
        { "livenessProbe:\n  httpGet:\n    port: 80\n    httpHeaders: [{name: X Bad, value: v}]", "", "spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: \"X Bad\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')" },
        { "readinessProbe:\n  grpc: {port: 0}", "", "spec.containers[0].readinessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive" },
        { "lifecycle:\n  preStop:\n    sleep: {seconds: 100}", "", "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 100: must be non-negative and less than terminationGracePeriodSeconds (30)" },
        { "lifecycle:\n  preStop:\n    sleep: {seconds: -1}", "terminationGracePeriodSeconds: 10", "spec.containers[0].lifecycle.preStop.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (10)" },
        { "livenessProbe:\n  exec: {command: [x]}\n  periodSeconds: -1", "", "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "readinessProbe:\n  exec: {command: [x]}\n  initialDelaySeconds: -5", "", "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0" },
        { "livenessProbe:\n  exec: {command: [x]}\n  successThreshold: 2", "", "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1" },
        { "startupProbe:\n  exec: {command: [x]}\n  successThreshold: 3", "", "spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1" },
        { "livenessProbe:\n  exec: {command: [x]}\n  terminationGracePeriodSeconds: 0", "", "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0" },
        { "livenessProbe:\n  initialDelaySeconds: 5", "", "spec.containers[0].livenessProbe: Required value: must specify a handler type" },
        { "startupProbe:\n  exec: {}", "", "spec.containers[0].startupProbe.exec.command: Required value" },
        { "readinessProbe:\n  httpGet: {port: 80}\n  grpc: {port: 81}", "", "spec.containers[0].readinessProbe.grpc: Forbidden: may not specify more than 1 handler type" },
        { "readinessProbe:\n  exec: {command: [x]}\n  failureThreshold: -2", "", "spec.containers[0].readinessProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0" },
        { "livenessProbe:\n  exec: {command: [x]}\n  timeoutSeconds: -1", "", "spec.containers[0].livenessProbe.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0" },
        { "readinessProbe:\n  exec: {command: [x]}\n  terminationGracePeriodSeconds: 10", "", "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes" },
        { "", "restartPolicy: Sometimes", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"" },
        { "ports:\n- containerPort: 0", "", "spec.containers[0].ports[0].containerPort: Required value" },
        { "ports:\n- containerPort: 65536", "", "spec.containers[0].ports[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive" },
        { "ports:\n- {containerPort: 80, name: averyverylongportname}", "", "spec.containers[0].ports[0].name: Invalid value: \"averyverylongportname\": must be no more than 15 characters" },
        { "ports:\n- {containerPort: 80, name: '8080'}", "", "spec.containers[0].ports[0].name: Invalid value: \"8080\": must contain at least one letter (a-z)" },
        { "ports:\n- {containerPort: 80, name: web-}", "", "spec.containers[0].ports[0].name: Invalid value: \"web-\": must not begin or end with a hyphen" },
        { "ports:\n- {containerPort: 80, name: http}\n- {containerPort: 81, name: http}", "", "spec.containers[0].ports[1].name: Duplicate value: \"http\"" },
        { "ports:\n- {containerPort: 80, protocol: FOO}", "", "spec.containers[0].ports[0].protocol: Unsupported value: \"FOO\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { "", "activeDeadlineSeconds: 0", "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
        { "env:\n- {name: A=B, value: x}", "", "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='" },
        { "env:\n- {value: x}", "", "spec.containers[0].env[0].name: Required value" },
        { "env:\n- name: A\n  valueFrom: {}", "", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`" },
        { "env:\n- name: A\n  valueFrom:\n    fieldRef: {fieldPath: metadata.name}\n    secretKeyRef: {name: s, key: k}", "", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time" },
        { "env:\n- name: A\n  value: x\n  valueFrom:\n    fieldRef: {fieldPath: metadata.name}", "", "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty" },
        { "env:\n- name: A\n  valueFrom:\n    fieldRef: {fieldPath: status.phase}", "", "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"" },
        { "env:\n- name: A\n  valueFrom:\n    fieldRef: {fieldPath: spec.bogus}", "", "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.bogus\": error converting fieldPath: field label not supported: spec.bogus" },
        { "lifecycle:\n  stopSignal: SIGUSR1", "", "spec.containers[0].lifecycle.stopSignal: Forbidden: may not be set for containers with empty `spec.os.name`" },
        { "lifecycle:\n  stopSignal: SIGUSR1", "os: {name: windows}", "spec.containers[0].lifecycle.stopSignal: Unsupported value: \"SIGUSR1\": supported values: \"SIGKILL\", \"SIGTERM\"" },
        { "restartPolicy: Always", "", "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers" },
        { "imagePullPolicy: Sometimes", "", "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void Admit_InvalidField_ReportsApiserverMessage(string container, string spec, string expected)
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod(container, spec));

        Assert.Equal([$"The Pod \"web\" is invalid: {expected}"], result.Errors);
        Assert.Empty(result.Pods);
        Assert.False(result.IsValid);
    }

    public static TheoryData<string, string> ContainerNames => new()
    {
        { "My_App", $"spec.containers[0].name: Invalid value: \"My_App\": {Label}" },
        { new string('a', 64), $"spec.containers[0].name: Invalid value: \"{new string('a', 64)}\": must be no more than 63 characters" },
        { "''", "spec.containers[0].name: Required value" },
    };

    [Theory]
    [MemberData(nameof(ContainerNames))]
    public void Admit_BadContainerName_ReportsNameError(string name, string expected)
    {
        var yaml = AdmissionFixture.Pod().Replace("name: app", $"name: {name}", StringComparison.Ordinal);

        Assert.Equal([$"The Pod \"web\" is invalid: {expected}"], AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_BadPodName_ReportsSubdomainError()
    {
        var yaml = AdmissionFixture.Pod().Replace("name: web", "name: Web", StringComparison.Ordinal);

        Assert.Equal(
            ["The Pod \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_BadNamespace_ReportsLabelError()
    {
        var yaml = AdmissionFixture.Pod().Replace("name: web", "name: web\n  namespace: Prod", StringComparison.Ordinal);

        Assert.Equal([$"The Pod \"web\" is invalid: metadata.namespace: Invalid value: \"Prod\": {Label}"], AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_NoName_ReportsRequired()
    {
        var yaml = AdmissionFixture.Pod().Replace("name: web", "labels: {a: b}", StringComparison.Ordinal);

        Assert.Equal(["The Pod \"\" is invalid: metadata.name: Required value: name or generateName is required"], AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_NoContainers_ReportsRequired()
    {
        var result = AdmissionFixture.Admit("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: []\n");

        Assert.Equal(["The Pod \"web\" is invalid: spec.containers: Required value"], result.Errors);
    }

    [Fact]
    public void Admit_ManyProblems_ReportsAllInFieldOrder()
    {
        const string Yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              restartPolicy: Sometimes
              initContainers:
              - name: app
                image: busybox
                restartPolicy: Never
                livenessProbe: {exec: {command: [x]}}
              containers:
              - name: app
              - name: app
                image: nginx
            """;

        var result = AdmissionFixture.Admit(Yaml);

        Assert.Equal(
            [
                "The Pod \"web\" is invalid: ["
                + "spec.containers[0].image: Required value, "
                + "spec.containers[1].name: Duplicate value: \"app\", "
                + "spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: \"Always\", "
                + "spec.initContainers[0].name: Duplicate value: \"app\", "
                + "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always, "
                + "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]",
            ],
            result.Errors);
    }

    [Fact]
    public void Admit_InitContainerForbiddenFields_ReportsEach()
    {
        var yaml = AdmissionFixture.Pod(specExtra: "initContainers:\n- name: init\n  image: busybox\n  lifecycle: {preStop: {exec: {command: [x]}}}\n  readinessProbe: {exec: {command: [x]}}\n  startupProbe: {exec: {command: [x]}}");

        Assert.Equal(
            ["The Pod \"web\" is invalid: ["
             + "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always, "
             + "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always, "
             + "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always]"],
            AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_SidecarWithHooksAndProbes_IsValid()
    {
        var yaml = AdmissionFixture.Pod(specExtra: "initContainers:\n- name: proxy\n  image: envoy:1\n  restartPolicy: Always\n  lifecycle: {preStop: {sleep: {seconds: 0}}}\n  readinessProbe: {tcpSocket: {port: 80}}");

        Assert.Empty(AdmissionFixture.Admit(yaml).Errors);
    }

    [Theory]
    [InlineData("metadata.labels['app']")]
    [InlineData("status.podIPs")]
    [InlineData("spec.serviceAccountName")]
    public void Admit_SupportedFieldRef_IsValid(string fieldPath)
    {
        var yaml = AdmissionFixture.Pod($"env:\n- name: A\n  valueFrom:\n    fieldRef: {{fieldPath: \"{fieldPath}\"}}");

        Assert.Empty(AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_StopSignalWithLinuxOs_IsValid()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod("lifecycle: {stopSignal: SIGUSR1}", "os: {name: linux}"));

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Admit_SamePodTwice_ReportsDuplicate()
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod() + "\n---\n" + AdmissionFixture.Pod());

        Assert.Equal(["pod.yaml: document 2: pods \"web\" already exists in namespace \"default\" (first defined in pod.yaml: document 1)"], result.Errors);
        Assert.Empty(result.Pods);
    }

    [Fact]
    public void Admit_TwoInvalidPods_OneLineEach()
    {
        var second = AdmissionFixture.Pod().Replace("name: web", "name: api", StringComparison.Ordinal).Replace("image: nginx:1.25", "image: ''", StringComparison.Ordinal);
        var first = AdmissionFixture.Pod(specExtra: "restartPolicy: Sometimes");

        var result = AdmissionFixture.Admit(first + "\n---\n" + second);

        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("The Pod \"web\" is invalid: spec.restartPolicy", result.Errors[0], StringComparison.Ordinal);
        Assert.Equal("The Pod \"api\" is invalid: spec.containers[0].image: Required value", result.Errors[1]);
    }
}
