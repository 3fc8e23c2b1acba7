using k8s.Models;
using Podvisor.Engine.Admission;

namespace Podvisor.Engine.Tests.Admission;

/// <summary>An admission result with its errors as the command line prints them (the texts kubectl users know).</summary>
internal sealed record RenderedAdmission(AdmissionResult Result)
{
    public IReadOnlyList<string> Errors { get; } = [.. Result.Errors.Select(AdmissionErrorText.ForCommandLine)];

    public IReadOnlyList<V1Pod> Pods => Result.Pods;

    public IReadOnlyList<string> Warnings => Result.Warnings;

    public IReadOnlyList<V1ConfigMap> ConfigMaps => Result.ConfigMaps;

    public IReadOnlyList<V1Secret> Secrets => Result.Secrets;

    public bool IsValid => Result.IsValid;
}
