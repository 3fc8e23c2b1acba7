namespace Podvisor.Engine.Admission;

/// <summary>What admission's per-pod stage found in one decoded pod (now defaulted).</summary>
/// <param name="Invalid">The apiserver's validation errors, every one; empty for a valid pod.</param>
/// <param name="Unhonoured">Valid fields this machine does not honour, judged on the pod as written.</param>
public sealed record PodReview(IReadOnlyList<FieldError> Invalid, IReadOnlyList<FieldError> Unhonoured)
{
    /// <summary>What refuses the pod: its validation errors, and under <c>--strict</c> its unhonoured fields too.</summary>
    public IReadOnlyList<FieldError> Refusals(bool strict) => strict ? [.. Invalid, .. Unhonoured] : Invalid;

    /// <summary>Each unhonoured field as the warning the command line and the API's <c>Warning</c> header give.</summary>
    public IEnumerable<string> Warnings => Unhonoured.Select(UnhonouredFields.ToWarning);
}
