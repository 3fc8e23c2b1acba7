using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.EndToEnd.Tests.ManifestReading.Fuzz;

/// <summary>
/// Makes manifests that the apiserver refuses: a valid pod with one to three hostile mutations (wrong types,
/// out-of-range numbers, nulls, deep nesting, oversized values, alias bombs, bad encodings, issue 12's list).
/// Seeded, so a failure names a case that can be replayed.
/// </summary>
internal sealed class InvalidManifestGenerator(int seed)
{
    private const string DeepMarker = "@@DEEP@@";

    private readonly Random _random = new(seed);

    /// <summary>Each mutation edits the pod tree and names what it did; every one alone makes the pod invalid.</summary>
    private static readonly (string Name, Action<JsonObject, Random> Apply)[] Mutations =
    [
        ("name: object", (p, _) => Meta(p)["name"] = new JsonObject { ["x"] = 1 }),
        ("name: too long", (p, r) => Meta(p)["name"] = new string('a', 254 + r.Next(100))),
        ("name: uppercase", (p, _) => Meta(p)["name"] = "Web_App"),
        ("containers: string", (p, _) => Spec(p)["containers"] = "nginx"),
        ("containers: [null]", (p, _) => Spec(p)["containers"] = new JsonArray((JsonNode?)null)),
        ("containers: []", (p, _) => Spec(p)["containers"] = new JsonArray()),
        ("image: list", (p, _) => Container(p)["image"] = new JsonArray("a")),
        ("image: spaces", (p, _) => Container(p)["image"] = " busybox"),
        ("command: number", (p, r) => Container(p)["command"] = r.Next()),
        ("containerPort: out of int32", (p, r) => Container(p)["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 2_147_483_648L + r.Next() })),
        ("containerPort: 0", (p, _) => Container(p)["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 0 })),
        ("containerPort: 70000", (p, _) => Container(p)["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 70000 })),
        ("grace: huge", (p, _) => Spec(p)["terminationGracePeriodSeconds"] = JsonNode.Parse("99999999999999999999999")),
        ("grace: string", (p, _) => Spec(p)["terminationGracePeriodSeconds"] = "abc"),
        ("restartPolicy: bogus", (p, _) => Spec(p)["restartPolicy"] = "Sometimes"),
        ("quantity: bad", (p, _) => Container(p)["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1.5.5" } }),
        ("quantity: negative", (p, _) => Container(p)["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "-5Mi" } }),
        ("requests > limits", (p, _) => Container(p)["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1" }, ["requests"] = new JsonObject { ["cpu"] = "3" } }),
        ("creationTimestamp: bad", (p, _) => Meta(p)["creationTimestamp"] = "yesterday"),
        ("label key", (p, _) => Meta(p)["labels"] = new JsonObject { ["-x"] = "y" }),
        ("label value", (p, r) => Meta(p)["labels"] = new JsonObject { ["app"] = new string('v', 64 + r.Next(10)) }),
        ("annotations: 256 KiB", (p, _) => Meta(p)["annotations"] = new JsonObject { ["big"] = new string('x', 256 * 1024) }),
        ("finalizer", (p, _) => Meta(p)["finalizers"] = new JsonArray("nope")),
        ("ownerReference", (p, _) => Meta(p)["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod" })),
        ("schedulerName", (p, _) => Spec(p)["schedulerName"] = "No_Good"),
        ("hostNetwork port", (p, _) => { Spec(p)["hostNetwork"] = true; Container(p)["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["hostPort"] = 81 }); }),
        ("duplicate hostPort", (p, _) => Container(p)["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["hostPort"] = 9000 }, new JsonObject { ["containerPort"] = 81, ["hostPort"] = 9000 })),
        ("env fieldPath labels", (p, _) => Container(p)["env"] = new JsonArray(Env(new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.labels" } }))),
        ("env gpus", (p, _) => Container(p)["env"] = new JsonArray(Env(new JsonObject { ["resourceFieldRef"] = new JsonObject { ["resource"] = "limits.gpus" } }))),
        ("env divisor", (p, _) => Container(p)["env"] = new JsonArray(Env(new JsonObject { ["resourceFieldRef"] = new JsonObject { ["resource"] = "limits.cpu", ["divisor"] = "7" } }))),
        ("env configMapKeyRef no key", (p, _) => Container(p)["env"] = new JsonArray(Env(new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "cm" } }))),
        ("env [null name]", (p, _) => Container(p)["env"] = new JsonArray((JsonNode?)null)),
        ("envFrom empty", (p, _) => Container(p)["envFrom"] = new JsonArray(new JsonObject())),
        ("subPath + subPathExpr", (p, _) => Mount(p, new JsonObject { ["subPath"] = "a", ["subPathExpr"] = "b" })),
        ("subPath ..", (p, _) => Mount(p, new JsonObject { ["subPath"] = "../../etc" })),
        ("mountPropagation", (p, _) => Mount(p, new JsonObject { ["mountPropagation"] = "Sideways" })),
        ("defaultMode", (p, _) => Spec(p)["volumes"] = new JsonArray(new JsonObject { ["name"] = "c", ["configMap"] = new JsonObject { ["name"] = "cm", ["defaultMode"] = 4095 } })),
        ("ephemeralContainers", (p, _) => Spec(p)["ephemeralContainers"] = new JsonArray(new JsonObject { ["name"] = "d", ["image"] = "busybox" })),
        ("runAsUser -1", (p, _) => Container(p)["securityContext"] = new JsonObject { ["runAsUser"] = -1 }),
        ("shareProcessNamespace + hostPID", (p, _) => { Spec(p)["shareProcessNamespace"] = true; Spec(p)["hostPID"] = true; }),
        ("unknown field", (p, r) => Container(p)["imagee" + r.Next(9)] = "x"),
        ("deep nesting", (p, r) => Meta(p)["deep"] = Deep(10_001 + r.Next(20_000))),
        ("kind: Pod v2", (p, _) => p["apiVersion"] = "v2"),
    ];

    public int MutationCount => Mutations.Length;

    /// <summary>The next case: its description and the bytes of the manifest file.</summary>
    public (string Description, byte[] Content) Next()
    {
        var pod = ValidPod();
        var applied = new List<string>();
        for (var i = 0; i <= _random.Next(3); i++)
        {
            var (name, apply) = Mutations[_random.Next(Mutations.Length)];
            apply(pod, _random);
            applied.Add(name);
        }

        var text = ExpandDeep(pod.ToJsonString());
        switch (_random.Next(10))
        {
            case 0:
                // Invalid UTF-8 anywhere.
                applied.Add("invalid UTF-8");
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                bytes.InsertRange(_random.Next(bytes.Count), [0xC3, 0x28]);
                return (string.Join(" + ", applied), [.. bytes]);
            case 1:
                applied.Add("truncated");
                return (string.Join(" + ", applied), Encoding.UTF8.GetBytes(text[..(text.Length / 2)]));
            case 2:
                applied.Add("alias bomb");
                return (string.Join(" + ", applied), Encoding.UTF8.GetBytes(AliasBomb()));
            case 3:
                applied.Add("inside a PodList with apiVersion v2 items");
                pod["apiVersion"] = "v2";
                return (string.Join(" + ", applied), Encoding.UTF8.GetBytes(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "PodList", ["items"] = new JsonArray(pod) }.ToJsonString()));
            default:
                return (string.Join(" + ", applied), Encoding.UTF8.GetBytes(text));
        }
    }

    private static JsonObject ValidPod() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "fuzz" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx" }),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() }),
        },
    };

    private static JsonObject Meta(JsonObject pod) => pod["metadata"] as JsonObject ?? Replace(pod, "metadata");

    private static JsonObject Spec(JsonObject pod) => pod["spec"] as JsonObject ?? Replace(pod, "spec");

    private static JsonObject Container(JsonObject pod)
    {
        if (Spec(pod)["containers"] is JsonArray { Count: > 0 } containers && containers[0] is JsonObject container)
        {
            return container;
        }

        var replacement = new JsonObject { ["name"] = "app", ["image"] = "nginx" };
        Spec(pod)["containers"] = new JsonArray(replacement);
        return replacement;
    }

    private static JsonObject Replace(JsonObject parent, string field)
    {
        var fresh = new JsonObject();
        parent[field] = fresh;
        return fresh;
    }

    private static JsonObject Env(JsonObject valueFrom) => new() { ["name"] = "V", ["valueFrom"] = valueFrom };

    private static void Mount(JsonObject pod, JsonObject extra)
    {
        extra["name"] = "data";
        extra["mountPath"] = "/data";
        Container(pod)["volumeMounts"] = new JsonArray(extra);
    }

    /// <summary>A marker that <see cref="Next"/> expands in the text: JsonNode's own writer has a depth limit of its own.</summary>
    private static JsonNode Deep(int depth) => JsonValue.Create($"{DeepMarker}{depth.ToString(CultureInfo.InvariantCulture)}{DeepMarker}");

    private static string ExpandDeep(string text)
    {
        var start = text.IndexOf("\"" + DeepMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var end = text.IndexOf(DeepMarker + "\"", start + DeepMarker.Length + 1, StringComparison.Ordinal);
        var depth = int.Parse(text.AsSpan(start + 1 + DeepMarker.Length, end - start - 1 - DeepMarker.Length), CultureInfo.InvariantCulture);
        return text[..start] + new string('[', depth) + new string(']', depth) + text[(end + DeepMarker.Length + 1)..];
    }

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return yaml.Append("spec:\n  containers: [{name: app, image: nginx}]\n").ToString();
    }
}
