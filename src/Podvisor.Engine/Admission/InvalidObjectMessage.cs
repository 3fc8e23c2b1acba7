namespace Podvisor.Engine.Admission;

/// <summary>What kubectl prints for a rejected object of any kind: <c>The ConfigMap "x" is invalid: …</c> (apimachinery <c>NewInvalid</c>).</summary>
internal static class InvalidObjectMessage
{
    public static string ForKubectl(string kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        var aggregate = errors.Count == 1 ? errors[0].Render() : "[" + string.Join(", ", errors.Select(e => e.Render())) + "]";
        return $"The {kind} {FieldError.Quote(name)} is invalid: {aggregate}";
    }
}
