namespace Podvisor.Engine.Admission;

/// <summary>Loads manifests strictly, applies API defaults and validates, reporting every error at once.</summary>
internal sealed class PodAdmission(TimeProvider time)
{
    private readonly TimeProvider _time = time;

    public AdmissionResult Admit(IReadOnlyList<ManifestSource> sources, AdmissionOptions options) =>
        throw new NotImplementedException($"{_time} {sources} {options}");
}
