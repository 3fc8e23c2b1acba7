using k8s;
using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Tests.Admission.Decoding;

/// <summary>
/// <see cref="ModelYaml"/> must decode exactly as KubernetesClient's strict <c>KubernetesYaml</c> does (it replaces
/// it on the start-up path only because it is cheaper to build): same objects, same rejections.
/// </summary>
public class ModelYamlTests
{
    private const string RichPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: rich
          namespace: team-a
          labels: {app: rich, tier: "1"}
          annotations: {note: "yes", podvisor.dev/defer: "- name: d\n  image: busybox\n"}
          creationTimestamp: "2026-12-05T17:00:00Z"
          deletionGracePeriodSeconds: 30
        spec:
          terminationGracePeriodSeconds: 45
          restartPolicy: OnFailure
          hostNetwork: true
          securityContext: {runAsUser: 1000, fsGroup: 2000}
          initContainers:
          - name: init
            image: busybox
            command: [sh, -c, "echo hi"]
            restartPolicy: Always
            startupProbe: {exec: {command: ["true"]}, periodSeconds: 2, failureThreshold: 3}
          containers:
          - name: app
            image: nginx:1.27
            args: ["--port", "8080"]
            workingDir: /srv
            env:
            - {name: A, value: "1"}
            - name: B
              valueFrom: {configMapKeyRef: {name: cm, key: b, optional: true}}
            - name: C
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: D
              valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
            envFrom: [{secretRef: {name: s}, prefix: S_}]
            ports: [{containerPort: 8080, name: http, protocol: TCP}]
            resources:
              limits: {memory: 64Mi, cpu: 500m, example.com/gpu: "1"}
              requests: {memory: 32Mi, cpu: "0.25"}
            readinessProbe: {httpGet: {port: http, path: /ready, httpHeaders: [{name: X, value: y}]}, initialDelaySeconds: 1}
            livenessProbe: {tcpSocket: {port: 8080}, timeoutSeconds: 2}
            lifecycle:
              postStart: {exec: {command: [sh, -c, "sleep 1"]}}
              preStop: {sleep: {seconds: 2}}
              stopSignal: SIGUSR1
            volumeMounts: [{name: data, mountPath: /data, subPath: x, readOnly: true}]
            terminationMessagePolicy: FallbackToLogsOnError
          volumes:
          - {name: data, emptyDir: {sizeLimit: 1Gi, medium: Memory}}
          - name: conf
            configMap: {name: cm, defaultMode: 0644, items: [{key: a, path: a.txt, mode: 0400}]}
          - name: proj
            projected:
              sources:
              - secret: {name: s}
              - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
        status:
          phase: Running
          startTime: "2026-12-05T17:00:01Z"
          conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-12-05T17:00:02Z"}]
        """;

    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        type: Opaque
        data: {password: cGFzc3dvcmQ=, empty: ""}
        stringData: {user: admin}
        immutable: true
        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {a: "1", b: "two"}
        binaryData: {bin: AAEC}
        """;

    [Fact]
    public void Deserialize_RichPod_EqualsKubernetesYaml()
    {
        AssertSameAsKubernetesYaml<V1Pod>(RichPod);
    }

    [Fact]
    public void Deserialize_SecretAndConfigMap_EqualKubernetesYaml_Base64Included()
    {
        var secret = AssertSameAsKubernetesYaml<V1Secret>(Secret);
        AssertSameAsKubernetesYaml<V1ConfigMap>(ConfigMap);

        Assert.Equal("password"u8.ToArray(), secret.Data["password"]);
    }

    [Fact]
    public void Deserialize_DeferredContainerList_EqualsKubernetesYaml()
    {
        AssertSameAsKubernetesYaml<List<V1Container>>("- name: d\n  image: busybox\n  command: [sleep, \"1\"]\n  lifecycle: {preStop: {exec: {command: [\"true\"]}}}\n");
    }

    [Fact]
    public void Deserialize_EveryExampleManifest_EqualsKubernetesYaml()
    {
        var decoded = 0;
        foreach (var file in Directory.EnumerateFiles(ExamplesDirectory(), "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root || !root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind))
                {
                    continue;
                }

                var text = new StringWriter();
                new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
                // examples/invalid holds deliberate mistakes: both must then reject (or accept) alike.
                decoded += ((YamlScalarNode)kind).Value switch
                {
                    "Pod" => CompareOrBothReject<V1Pod>(text.ToString(), file),
                    "ConfigMap" => CompareOrBothReject<V1ConfigMap>(text.ToString(), file),
                    "Secret" => CompareOrBothReject<V1Secret>(text.ToString(), file),
                    _ => 0,
                };
            }
        }

        Assert.True(decoded >= 15, $"only {decoded} example documents were compared: has examples/ moved?");
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: a, image: b, lifecyle: {}}\n")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: a, name: b}\n")]
    [InlineData("apiVersion: v1\nkind: Pod\nspec: {terminationGracePeriodSeconds: soon}\n")]
    public void Deserialize_UnknownFieldDuplicateKeyOrWrongType_RejectedLikeKubernetesYaml(string yaml)
    {
        var expected = Assert.ThrowsAny<YamlException>(() => KubernetesYaml.Deserialize<V1Pod>(yaml, strict: true));
        var actual = Assert.ThrowsAny<YamlException>(() => ModelYaml.Deserialize<V1Pod>(yaml));

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Deserialize_AKindItWasNotBuiltFor_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelYaml.Deserialize<V1Service>("metadata: {name: a}\n"));

        Assert.Contains(nameof(V1Service), error.Message, StringComparison.Ordinal);
    }

    private static T AssertSameAsKubernetesYaml<T>(string yaml)
    {
        var expected = KubernetesYaml.Deserialize<T>(yaml, strict: true);
        var actual = ModelYaml.Deserialize<T>(yaml);

        Assert.Equal(KubernetesJson.Serialize(expected), KubernetesJson.Serialize(actual));
        return actual;
    }

    private static int CompareOrBothReject<T>(string yaml, string file)
    {
        Exception? expectedError = null, actualError = null;
        T? expected = default, actual = default;
        try
        {
            expected = KubernetesYaml.Deserialize<T>(yaml, strict: true);
        }
        catch (YamlException e)
        {
            expectedError = e;
        }

        try
        {
            actual = ModelYaml.Deserialize<T>(yaml);
        }
        catch (YamlException e)
        {
            actualError = e;
        }

        Assert.True(expectedError?.Message == actualError?.Message, $"{file}: KubernetesYaml said {expectedError?.Message ?? "ok"}, ModelYaml {actualError?.Message ?? "ok"}");
        Assert.True(KubernetesJson.Serialize(expected) == KubernetesJson.Serialize(actual), $"{file}: decoded differently");
        return 1;
    }

    private static string ExamplesDirectory() => RepositoryCheckout.PathOf("examples");
}
