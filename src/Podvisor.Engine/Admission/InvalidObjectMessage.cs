namespace Podvisor.Engine.Admission;

/// <summary>
/// A rejected object's message as apimachinery's <c>errors.NewInvalid</c> builds it
/// (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go): one field error bare, several as the aggregate
/// <c>[e1, e2]</c>.
/// </summary>
public static class InvalidObjectMessage
{
    /// <summary>The apiserver's <c>Status.message</c>: <c>Pod "web" is invalid: …</c>.</summary>
    /// <param name="qualifiedKind">The kind, with its group for a grouped one (<c>Deployment.apps</c>).</param>
    public static string ForApi(string qualifiedKind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        var aggregate = errors.Count == 1 ? errors[0].Render() : "[" + string.Join(", ", errors.Select(e => e.Render())) + "]";
        return $"{qualifiedKind} {FieldError.Quote(name)} is invalid: {aggregate}";
    }

    /// <summary>What kubectl prints for the same error: <c>The Pod "web" is invalid: …</c>.</summary>
    public static string ForKubectl(string kind, string name, IReadOnlyList<FieldError> errors) => "The " + ForApi(kind, name, errors);
}
