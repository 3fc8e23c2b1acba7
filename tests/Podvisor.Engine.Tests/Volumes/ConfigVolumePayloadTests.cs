using System.Text;
using k8s;
using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Volumes;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Volumes;

public class ConfigVolumePayloadTests
{
    private static readonly PodFieldContext Fields = new(
        new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u-1", Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "say \"hi\"" } },
        "node1",
        "default",
        "127.0.0.1",
        "127.0.0.1");

    private static FakeConfigSource Source()
    {
        var source = new FakeConfigSource();
        source.Put(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "default" },
            Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            BinaryData = new Dictionary<string, byte[]> { ["bin"] = [0, 255] },
        });
        source.PutSecret("sec", ("pw", "s3cr3t"));
        return source;
    }

    private static string Render(Dictionary<string, FileProjection>? payload) =>
        string.Join(" ", (payload ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Convert.ToString(p.Value.Mode, 8)}:{Convert.ToHexString(p.Value.Data)}"));

    private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    public static TheoryData<string, string> Volumes => new()
    {
        { "configMap: {name: cm}", $"a:644:{Hex("1")} b:644:{Hex("2")} bin:644:00FF" },
        { "configMap: {name: cm, defaultMode: 0400, items: [{key: a, path: x/a.txt}, {key: b, path: b, mode: 0600}]}", $"b:600:{Hex("2")} x/a.txt:400:{Hex("1")}" },
        { "configMap: {name: nope, optional: true}", string.Empty },
        { "configMap: {name: cm, optional: true, items: [{key: a, path: a}, {key: zz, path: zz}]}", $"a:644:{Hex("1")}" },
        { "secret: {secretName: sec}", $"pw:644:{Hex("s3cr3t")}" },
        { "secret: {secretName: sec, defaultMode: 0440}", $"pw:440:{Hex("s3cr3t")}" },
        { "downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}, {path: labels, fieldRef: {fieldPath: metadata.labels}}]}", $"labels:644:{Hex("app=\"say \\\"hi\\\"\"\ntier=\"front\"")} name:644:{Hex("web")}" },
        { "projected: {defaultMode: 0444, sources: [{configMap: {name: cm, items: [{key: a, path: a}]}}, {secret: {name: sec}}, {downwardAPI: {items: [{path: uid, fieldRef: {fieldPath: metadata.uid}}]}}]}", $"a:444:{Hex("1")} pw:444:{Hex("s3cr3t")} uid:444:{Hex("u-1")}" },
    };

    [Theory]
    [MemberData(nameof(Volumes))]
    public void Make_Volume_KubeletPayload(string source, string expected)
    {
        var (payload, error) = ConfigVolumePayload.Make(KubernetesYaml.Deserialize<V1Volume>("name: v\n" + source), Fields, Source());

        Assert.Null(error);
        Assert.Equal(expected, Render(payload));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "configMap: {name: nope}", "configmap \"nope\" not found" },
        { "configMap: {name: cm, items: [{key: zz, path: zz}]}", "configmap references non-existent config key: zz" },
        { "secret: {secretName: nope}", "secret \"nope\" not found" },
        { "secret: {secretName: sec, items: [{key: zz, path: zz}]}", "references non-existent secret key: zz" },
        { "projected: {sources: [{serviceAccountToken: {path: token}}]}", "serviceAccountToken projections are not supported: podvisor has no service account tokens" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Make_MissingObjectOrKey_KubeletError(string source, string expected)
    {
        var (payload, error) = ConfigVolumePayload.Make(KubernetesYaml.Deserialize<V1Volume>("name: v\n" + source), Fields, Source());

        Assert.Null(payload);
        Assert.Equal(expected, error);
    }
}
