using k8s;
using k8s.Models;
using Podvisor.Engine.Config;
using Podvisor.Engine.Containers;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Config;

public class ConfigEnvironmentTests
{
    private static readonly PodFieldContext Fields = new(new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, "node1", "default", "127.0.0.1", "127.0.0.1");

    private static FakeConfigSource Source()
    {
        var source = new FakeConfigSource();
        source.PutConfigMap("cm", ("A", "from-cm"), ("B", "b"), ("bad=name", "x"), ("1st", "y"));
        source.PutSecret("sec", ("A", "from-secret"), ("pw", "s3cr3t"));
        return source;
    }

    private static V1Container Container(string yaml) => KubernetesYaml.Deserialize<V1Container>("name: app\nimage: busybox\n" + yaml);

    public static TheoryData<string, string[]> Resolved => new()
    {
        // envFrom in order (later sources win), then env (which wins over envFrom).
        { "envFrom: [{configMapRef: {name: cm}}, {secretRef: {name: sec}}]", ["1st=y", "A=from-secret", "B=b", "pw=s3cr3t"] },
        { "envFrom: [{configMapRef: {name: cm}}]\nenv: [{name: A, value: literal}]", ["1st=y", "A=literal", "B=b"] },
        { "envFrom: [{secretRef: {name: sec}, prefix: S_}]", ["S_A=from-secret", "S_pw=s3cr3t"] },
        { "env: [{name: P, valueFrom: {secretKeyRef: {name: sec, key: pw}}}, {name: Q, value: 'pw is $(P)'}]", ["P=s3cr3t", "Q=pw is s3cr3t"] },
        { "envFrom: [{configMapRef: {name: cm}}]\nenv: [{name: X, value: '$(B)-$(NOPE)'}]", ["1st=y", "A=from-cm", "B=b", "X=b-$(NOPE)"] },
        // A referenced value is taken as is, never expanded.
        { "env: [{name: B, value: v}, {name: C, valueFrom: {configMapKeyRef: {name: cm, key: A}}}]", ["B=v", "C=from-cm"] },
        { "env: [{name: O, valueFrom: {configMapKeyRef: {name: nope, key: k, optional: true}}}]", [] },
        { "env: [{name: O, valueFrom: {configMapKeyRef: {name: cm, key: nope, optional: true}}}]", [] },
        { "env: [{name: O, valueFrom: {secretKeyRef: {name: sec, key: nope, optional: true}}}]", [] },
        { "envFrom: [{configMapRef: {name: nope, optional: true}}, {secretRef: {name: nope, optional: true}}]", [] },
    };

    [Theory]
    [MemberData(nameof(Resolved))]
    public void Resolve_Valid_GivesKubeletVariables(string yaml, string[] expected)
    {
        var result = ConfigEnvironment.Resolve(Container(yaml), Fields, Source());

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Variables.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "env: [{name: A, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]", "configmap \"nope\" not found" },
        { "env: [{name: A, valueFrom: {configMapKeyRef: {name: cm, key: k}}}]", "couldn't find key k in ConfigMap default/cm" },
        { "env: [{name: A, valueFrom: {secretKeyRef: {name: nope, key: k}}}]", "secret \"nope\" not found" },
        { "env: [{name: A, valueFrom: {secretKeyRef: {name: sec, key: k}}}]", "couldn't find key k in Secret default/sec" },
        { "envFrom: [{configMapRef: {name: nope}}]", "configmap \"nope\" not found" },
        { "envFrom: [{secretRef: {name: nope}}]", "secret \"nope\" not found" },
        // Optional covers a missing object and a missing key, never another reference's.
        { "env: [{name: A, valueFrom: {configMapKeyRef: {name: nope, key: k, optional: true}}}, {name: B, valueFrom: {secretKeyRef: {name: sec, key: k}}}]", "couldn't find key k in Secret default/sec" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Resolve_MissingReference_FailsWithKubeletMessage(string yaml, string expected)
    {
        var result = ConfigEnvironment.Resolve(Container(yaml), Fields, Source());

        Assert.Equal(expected, result.Error);
        Assert.Empty(result.Variables);
    }

    [Fact]
    public void Resolve_EnvFromKeysThatAreNoVariableNames_SkippedWithKubeletEventText()
    {
        // The apiserver's key rules leave only '=' (here in a key no real ConfigMap could hold) as a relaxed-name failure.
        var result = ConfigEnvironment.Resolve(Container("envFrom: [{configMapRef: {name: cm}}]"), Fields, Source());

        Assert.False(result.Variables.ContainsKey("bad=name"));
        Assert.Equal(["Keys [bad=name] from the EnvFrom configMap default/cm were skipped since they are considered invalid environment variable names."], result.SkippedKeys);
    }
}
