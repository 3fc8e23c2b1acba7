namespace Podvisor.Engine.Admission;

public sealed record AdmissionOptions
{
    /// <summary>Valid fields the runtime does not honour become errors instead of warnings (<c>--strict</c>).</summary>
    public bool Strict { get; init; }
}
