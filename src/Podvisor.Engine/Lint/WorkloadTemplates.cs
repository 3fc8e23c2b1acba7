using k8s;
using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Lint;

/// <summary>
/// The pod templates of apps/v1 Deployments and ReplicaSets in a manifest (what <c>podvisor serve</c> runs and
/// <c>run</c> refuses): each becomes a pod named after its workload, linted like any pod, its findings' paths under
/// <c>spec.template.</c>. The decoder's "kind … is not supported" error for those documents is theirs to replace.
/// </summary>
internal sealed class WorkloadTemplates
{
    private static readonly string[] Kinds = ["Deployment", "ReplicaSet"];
    private static readonly string[] PodlessKinds = ["Service"];

    private WorkloadTemplates(IReadOnlyList<WorkloadTemplate> items) => Items = items;

    public IReadOnlyList<WorkloadTemplate> Items { get; }

    public static WorkloadTemplates Find(IReadOnlyList<YamlNode>? documents)
    {
        var items = new List<WorkloadTemplate>();
        foreach (var document in documents ?? [])
        {
            if (document is YamlMappingNode mapping && Scalar(mapping, "apiVersion") == "apps/v1" && Scalar(mapping, "kind") is { } kind && Kinds.Contains(kind))
            {
                items.Add(Decode(mapping, kind));
            }
        }

        return new WorkloadTemplates(items);
    }

    /// <summary>
    /// True for the decoder's refusal of a workload kind this class lints instead, or of a kind <c>serve</c> takes that
    /// has no pod to lint (a Service).
    /// </summary>
    public bool ExplainsError(DecodeError error) =>
        error is { Kind: DecodeErrorKind.UnsupportedKind, ObjectKind: { } kind }
        && ((Items.Count > 0 && Kinds.Contains(kind)) || PodlessKinds.Contains(kind));

    private static WorkloadTemplate Decode(YamlMappingNode document, string kind)
    {
        var name = Mapping(document, "metadata") is { } metadata ? Scalar(metadata, "name") : null;
        if (Mapping(document, "spec") is not { } spec || Mapping(spec, "template") is not { } template)
        {
            return new WorkloadTemplate(document, name, null, ["spec.template: Required value"]);
        }

        var checker = new SchemaChecker();
        checker.Check(template, typeof(V1PodTemplateSpec), "spec.template");
        var errors = checker.UnknownFields.Select(f => $"strict decoding error: unknown field \"{f}\"")
            .Concat(checker.TypeErrors.Select(t => t.Message)).ToList();
        if (errors.Count > 0)
        {
            return new WorkloadTemplate(document, name, null, errors);
        }

        try
        {
            var text = new StringWriter();
            new YamlStream(new YamlDocument(template)).Save(text, assignAnchors: false);
            var spec0 = ModelYaml.Deserialize<V1PodTemplateSpec>(text.ToString());
            var pod = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = spec0.Metadata ?? new V1ObjectMeta(), Spec = spec0.Spec };
            pod.Metadata.Name ??= name is null ? kind.ToLowerInvariant() : $"{name}-template";
            pod.Metadata.NamespaceProperty ??= Mapping(document, "metadata") is { } m ? Scalar(m, "namespace") : null;
            return new WorkloadTemplate(document, name, pod, []);
        }
        catch (Exception e) when (e is YamlException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            return new WorkloadTemplate(document, name, null, [e.Message]);
        }
    }

    private static YamlMappingNode? Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
