using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Admission;

namespace Podvisor.Engine.Tests.Admission;

/// <summary>Runs admission over YAML text with a fixed clock.</summary>
internal static class AdmissionFixture
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 30, 45, 678, TimeSpan.Zero);

    public static RenderedAdmission Admit(string yaml, bool strict = false, string file = "pod.yaml") => new(AdmitTyped(yaml, strict, file));

    public static AdmissionResult AdmitTyped(string yaml, bool strict = false, string file = "pod.yaml") =>
        new PodAdmission(new FakeTimeProvider(Now)).Admit([new ManifestSource(file, yaml)], new AdmissionOptions { Strict = strict });

    /// <summary>A valid single-container pod named web; <paramref name="containerExtra"/> is indented under the container.</summary>
    public static string Pod(string containerExtra = "", string specExtra = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
        {Indent(specExtra, 2)}
          containers:
          - name: app
            image: nginx:1.25
        {Indent(containerExtra, 4)}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
