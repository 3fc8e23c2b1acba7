using k8s;
using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Testing;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Tests.Admission.Decoding;

/// <summary>
/// <see cref="ModelJson"/> is the decoder's fast path: what it takes it must decode exactly as KubernetesClient's strict
/// <c>KubernetesYaml</c> (and so <see cref="ModelYaml"/>) does, and what it cannot decode so it must hand back.
/// </summary>
public class ModelJsonTests
{
    /// <summary>A pod using every scalar form the fast path takes (no octal, timestamps or base64).</summary>
    private const string PlainPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: plain
          labels: {app: plain, tier: "1", "2": two}
          annotations: {note: "yes", empty: ""}
          creationTimestamp: null
        spec:
          terminationGracePeriodSeconds: 45
          activeDeadlineSeconds: -1
          restartPolicy: OnFailure
          hostNetwork: true
          enableServiceLinks: false
          securityContext: {runAsUser: 1000, fsGroup: 0}
          initContainers:
          - name: init
            image: busybox
            command: [sh, -c, "echo hi", "", '007']
            restartPolicy: Always
            startupProbe: {exec: {command: ["true"]}, periodSeconds: 2, failureThreshold: 3}
          containers:
          - name: app
            image: nginx:1.27
            args: ["--port", "8080"]
            env:
            - {name: A, value: "1"}
            - {name: E, value: ""}
            - {name: NUL, value: ~}
            - name: D
              valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
            ports: [{containerPort: 8080, name: http, protocol: TCP}]
            resources:
              limits: {memory: 64Mi, cpu: 500m, example.com/gpu: "1"}
              requests: {memory: 32Mi, cpu: "0.25", ephemeral-storage: 1}
            readinessProbe: {httpGet: {port: http, path: /ready}, initialDelaySeconds: 1}
            livenessProbe: {tcpSocket: {port: 8080}, timeoutSeconds: 2}
            startupProbe: {httpGet: {port: "8081"}}
            lifecycle:
              postStart: {exec: {command: [sh, -c, "sleep 1"]}}
              preStop: {sleep: {seconds: 2}}
            volumeMounts: [{name: data, mountPath: /data, readOnly: false}]
          volumes:
          - {name: data, emptyDir: {sizeLimit: 1Gi}}
          - {name: nothing, emptyDir: {}}
        """;

    [Fact]
    public void TryDeserialize_PlainPod_TakesItAndEqualsKubernetesYaml()
    {
        var expected = KubernetesYaml.Deserialize<V1Pod>(PlainPod, strict: true);

        Assert.True(TryDecode<V1Pod>(PlainPod, out var actual));
        Assert.Equal(KubernetesJson.Serialize(expected), KubernetesJson.Serialize(actual));
    }

    [Theory]
    [InlineData("spec: {terminationGracePeriodSeconds: 0x1e}")] // hex
    [InlineData("spec: {terminationGracePeriodSeconds: 030}")] // YAML 1.1 octal
    [InlineData("spec: {terminationGracePeriodSeconds: 1_000}")]
    [InlineData("spec: {terminationGracePeriodSeconds: +5}")]
    [InlineData("spec: {hostNetwork: True}")]
    [InlineData("metadata: {creationTimestamp: \"2026-12-05T17:00:00Z\"}")]
    [InlineData("metadata: {labels: {a: ~}}")] // a null map value
    [InlineData("metadata: {name: !!str a}")] // an explicit tag
    [InlineData("metadata: {managedFields: [{manager: m, fieldsV1: {f:x: {}}}]}")] // free-form
    public void TryDeserialize_FormOnlyYamlDotNetDecodesExactly_HandsItBack(string yaml)
    {
        Assert.False(TryDecode<V1Pod>("apiVersion: v1\nkind: Pod\n" + yaml + "\n", out _));
    }

    [Fact]
    public void TryDeserialize_SecretWithData_HandsItBack_ConfigMapWithoutBinaryData_Taken()
    {
        Assert.False(TryDecode<V1Secret>("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: cGFzc3dvcmQ=}\n", out _));

        const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: \"1\", b: two, c: \"\"}\nimmutable: true\n";
        Assert.True(TryDecode<V1ConfigMap>(ConfigMap, out var configMap));
        Assert.Equal(KubernetesJson.Serialize(KubernetesYaml.Deserialize<V1ConfigMap>(ConfigMap, strict: true)), KubernetesJson.Serialize(configMap));
    }

    [Fact]
    public void TryDeserialize_EveryExampleItTakes_EqualsKubernetesYaml()
    {
        int taken = 0, handedBack = 0;
        foreach (var file in Directory.EnumerateFiles(RepositoryCheckout.PathOf("examples"), "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root || !root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind))
                {
                    continue;
                }

                var (took, same) = ((YamlScalarNode)kind).Value switch
                {
                    "Pod" => Compare<V1Pod>(root),
                    "ConfigMap" => Compare<V1ConfigMap>(root),
                    "Secret" => Compare<V1Secret>(root),
                    _ => (false, true),
                };
                Assert.True(same, $"{file}: ModelJson decoded differently from KubernetesYaml");
                (taken, handedBack) = took ? (taken + 1, handedBack) : (taken, handedBack + 1);
            }
        }

        // Most manifests are plain: if the fast path stopped taking them, start-up would silently slow down.
        Assert.True(taken >= 15 && taken > handedBack, $"the fast path took {taken} example documents and handed back {handedBack}");
    }

    /// <summary>Whether the fast path took a schema-valid document, and whether it then agreed with KubernetesYaml.</summary>
    private static (bool Took, bool Same) Compare<T>(YamlMappingNode root)
        where T : class
    {
        var checker = new SchemaChecker();
        checker.Check(root, typeof(T), string.Empty);
        if (checker.UnknownFields.Count > 0 || checker.TypeErrors.Count > 0)
        {
            return (false, true); // examples/invalid: the decoder rejects these before either path runs
        }

        var text = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        if (!ModelJson.TryDeserialize<T>(root, out var actual))
        {
            return (false, true);
        }

        var expected = KubernetesYaml.Deserialize<T>(text.ToString(), strict: true);
        return (true, KubernetesJson.Serialize(expected) == KubernetesJson.Serialize(actual));
    }

    private static bool TryDecode<T>(string yaml, out T? value)
        where T : class
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents[0].RootNode;
        var checker = new SchemaChecker();
        checker.Check(root, typeof(T), string.Empty);
        Assert.Empty(checker.UnknownFields);
        Assert.Empty(checker.TypeErrors);
        return ModelJson.TryDeserialize(root, out value);
    }
}
