using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Defer;

/// <summary>
/// Defer containers (kubernetes/community PR 483, kubernetes/kubernetes PR 47422: a proposal that was never merged)
/// come through a pod annotation, as that proposal's alpha did, since the Pod API has no field for them. Its value is a
/// YAML or JSON list of v1 Container objects, decoded strictly with the official models; its fields are reported under
/// the pseudo-path <c>metadata.annotations[podvisor.io/defer-containers][i]</c>.
/// </summary>
public static class DeferAnnotation
{
    /// <summary>The annotation that declares a pod's defer containers.</summary>
    public const string Key = "podvisor.io/defer-containers";

    /// <summary>Where the engine publishes the defer containers' statuses (a JSON list of v1 ContainerStatus).</summary>
    public const string StatusKey = "podvisor.io/defer-container-statuses";

    /// <summary>The field path errors about the annotation name.</summary>
    public const string Path = $"metadata.annotations[{Key}]";

    /// <summary>The defer containers of a pod, in order; empty without the annotation or when it cannot be decoded (see <paramref name="errors"/>).</summary>
    public static IReadOnlyList<V1Container> Read(V1ObjectMeta? metadata, List<FieldError>? errors = null)
    {
        if (metadata?.Annotations is not { } annotations || !annotations.TryGetValue(Key, out var text))
        {
            return [];
        }

        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                errors?.Add(FieldError.Required(Path, "a list of containers"));
                return [];
            }

            root = stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            errors?.Add(FieldError.Invalid(Path, text, $"not YAML or JSON: {e.Message}"));
            return [];
        }

        if (root is not YamlSequenceNode sequence)
        {
            errors?.Add(FieldError.Invalid(Path, text, "must be a list of containers"));
            return [];
        }

        var checker = new SchemaChecker();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            checker.Check(sequence.Children[i], typeof(V1Container), $"{Path}[{i}]");
        }

        if (checker.UnknownFields.Count > 0 || checker.TypeErrors.Count > 0)
        {
            // The checker's messages already name the field's path.
            errors?.AddRange(checker.UnknownFields.Select(field => FieldError.Forbidden(field, "unknown field")));
            errors?.AddRange(checker.TypeErrors.Select(error => FieldError.Forbidden(Path, error.Message)));
            return [];
        }

        try
        {
            return ModelYaml.Deserialize<List<V1Container>>(text) ?? [];
        }
        catch (Exception e) when (e is YamlException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            errors?.Add(FieldError.Invalid(Path, text, e.InnerException?.Message ?? e.Message));
            return [];
        }
    }
}
