namespace Podvisor.Engine.Admission;

/// <summary>How strict <see cref="PodAdmission.Admit"/> is with a batch of manifests.</summary>
public sealed record AdmissionOptions
{
    /// <summary>Valid fields the runtime does not honour become errors instead of warnings (<c>--strict</c>).</summary>
    public bool Strict { get; init; }
}
