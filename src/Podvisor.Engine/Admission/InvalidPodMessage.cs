namespace Podvisor.Engine.Admission;

/// <summary>
/// Renders a rejected pod's errors the way apimachinery's <c>NewInvalid</c> does: one error bare,
/// several as the aggregate <c>[e1, e2]</c>.
/// </summary>
internal static class InvalidPodMessage
{
    /// <summary>The apiserver's <c>Status.message</c>: <c>Pod "web" is invalid: …</c>.</summary>
    public static string ForApi(string podName, IReadOnlyList<FieldError> errors) =>
        $"Pod {FieldError.Quote(podName)} is invalid: {Aggregate(errors)}";

    /// <summary>What kubectl prints for the same error: <c>The Pod "web" is invalid: …</c>.</summary>
    public static string ForKubectl(string podName, IReadOnlyList<FieldError> errors) => "The " + ForApi(podName, errors);

    private static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return errors.Count == 1
            ? errors[0].Render()
            : "[" + string.Join(", ", errors.Select(e => e.Render())) + "]";
    }
}
