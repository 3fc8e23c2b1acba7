namespace Podvisor.Engine.Tests.Admission;

public class ManifestDecodingTests
{
    [Fact]
    public void Admit_UnknownFields_ReportsEveryFullPath()
    {
        const string Yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, labelz: {a: b}}
            spec:
              initContainers:
              - name: init
                image: busybox
                comand: [sh]
              containers:
              - name: app
                image: nginx
                lifecyle: {}
                ports:
                - {containerPort: 80, hostport: 8080}
                resources:
                  limits: {memory: 64Mi, example.com/gpu: 1}
              nodeSelector: {anything: goes}
            """;

        var result = AdmissionFixture.Admit(Yaml);

        Assert.Equal(
            ["pod.yaml: strict decoding error: unknown field \"metadata.labelz\", unknown field \"spec.initContainers[0].comand\", unknown field \"spec.containers[0].lifecyle\", unknown field \"spec.containers[0].ports[0].hostport\""],
            result.Errors);
    }

    [Theory]
    [InlineData("80")]
    [InlineData("http")]
    public void Admit_IntOrStringPort_AcceptsBoth(string port)
    {
        var result = AdmissionFixture.Admit(AdmissionFixture.Pod($"lifecycle:\n  preStop:\n    httpGet: {{port: {port}, path: /stop}}"));

        Assert.Empty(result.Errors);
        Assert.Equal(port, result.Pods[0].Spec.Containers[0].Lifecycle.PreStop.HttpGet.Port.Value);
    }

    [Fact]
    public void Admit_SyntaxError_ReportsFileLineAndColumn()
    {
        var result = AdmissionFixture.Admit("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n", file: "bad.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Matches(@"^bad\.yaml:\d+:\d+: \S", error);
        Assert.DoesNotContain("Idx:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_WrongScalarTypes_NameFieldAndLine()
    {
        var yaml = AdmissionFixture.Pod("env:\n- {name: A, value: 1}\nports:\n- containerPort: \"80\"");

        var result = AdmissionFixture.Admit(yaml);

        Assert.Equal(
            [
                "pod.yaml:11:24: spec.containers[0].env[0].value: expected string, got integer \"1\" (quote it)",
                "pod.yaml:13:22: spec.containers[0].ports[0].containerPort: expected integer, got string \"80\"",
            ],
            result.Errors);
    }

    [Fact]
    public void Admit_MultiDocumentWithEmptyDocumentsAndList_DecodesAllPods()
    {
        var yaml = "---\n" + AdmissionFixture.Pod() + "\n---\n---\n" + """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: a}
              spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: PodList
            items:
            - metadata: {name: b}
              spec: {containers: [{name: c, image: busybox}]}
            """;

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(["web", "a", "b"], result.Pods.Select(p => p.Metadata.Name));
        Assert.All(result.Pods, p => Assert.Equal(("v1", "Pod"), (p.ApiVersion, p.Kind)));
    }

    [Fact]
    public void Admit_Json_Decodes()
    {
        const string Json = """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80}]}]}}""";

        var result = AdmissionFixture.Admit(Json, file: "pod.json");

        Assert.Empty(result.Errors);
        Assert.Equal(80, result.Pods[0].Spec.Containers[0].Ports[0].ContainerPort);
    }

    [Fact]
    public void Admit_OtherKind_ReportsFileDocumentAndKind()
    {
        var yaml = AdmissionFixture.Pod() + "\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n";

        var result = AdmissionFixture.Admit(yaml);

        Assert.Equal(["pod.yaml: document 2: kind \"Deployment\" is not supported (only Pod, ConfigMap, Secret and List of them)"], result.Errors);
    }

    [Fact]
    public void Admit_ListWithNonPodItem_ReportsItem()
    {
        const string Yaml = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: s}}\n";

        Assert.Equal(["pod.yaml: items[0]: kind \"Service\" is not supported (only Pod, ConfigMap, Secret and List of them)"], AdmissionFixture.Admit(Yaml).Errors);
    }

    [Fact]
    public void Admit_UnknownFieldInListItem_PathStartsWithItems()
    {
        const string Yaml = "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: b}\n  spec: {containers: [{name: c, image: busybox, imagePolicy: x}]}\n";

        Assert.Equal(["pod.yaml: strict decoding error: unknown field \"items[0].spec.containers[0].imagePolicy\""], AdmissionFixture.Admit(Yaml).Errors);
    }

    [Theory]
    [InlineData("kind: Pod\nmetadata: {name: web}\n", "pod.yaml: error validating data: [apiVersion not set]")]
    [InlineData("apiVersion: v1\nmetadata: {name: web}\n", "pod.yaml: error validating data: [kind not set]")]
    [InlineData("metadata: {name: web}\n", "pod.yaml: error validating data: [apiVersion not set, kind not set]")]
    [InlineData("apiVersion: apps/v1\nkind: Pod\n", "pod.yaml: no matches for kind \"Pod\" in version \"apps/v1\"")]
    public void Admit_MissingTypeInformation_ReportsClearly(string yaml, string expected)
    {
        Assert.Equal([expected], AdmissionFixture.Admit(yaml).Errors);
    }

    [Fact]
    public void Admit_OnlyEmptyDocuments_NoPodsNoErrors()
    {
        var result = AdmissionFixture.Admit("---\n# nothing\n---\n");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Pods);
    }
}
