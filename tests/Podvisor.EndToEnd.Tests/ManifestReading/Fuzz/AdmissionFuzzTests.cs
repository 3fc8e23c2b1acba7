using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Cli.Manifests;
using Podvisor.Engine.Admission;
using Xunit.Abstractions;

namespace Podvisor.EndToEnd.Tests.ManifestReading.Fuzz;

/// <summary>
/// Generated invalid manifests through the same path <c>podvisor run</c> takes (file read with its cap, then
/// admission): every one must be refused with an error naming a field or a file position, none admitted,
/// none crashing. Prints tried / rejected with a field error / started.
/// </summary>
public sealed partial class AdmissionFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 1500;
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task GeneratedInvalidManifests_AllRejectedWithAFieldOrPosition_NoneAdmitted_NoCrash()
    {
        var generator = new InvalidManifestGenerator(seed: 12);
        var admission = new PodAdmission(new FakeTimeProvider());
        var file = Path.Combine(_directory, "case.json");
        int rejectedWithField = 0, rejectedOtherwise = 0, started = 0;
        var unclear = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var (description, content) = generator.Next();
            await File.WriteAllBytesAsync(file, content);
            // The server decodes on thread-pool threads: run there, so a stack overflow would show here too.
            var errors = await Task.Run(() => Admit(admission, file));
            if (errors is null)
            {
                started++;
                unclear.Add($"case {i} ({description}) was admitted");
            }
            else if (errors.Any(e => FieldOrPosition().IsMatch(e)))
            {
                rejectedWithField++;
            }
            else
            {
                rejectedOtherwise++;
                unclear.Add($"case {i} ({description}): {string.Join(" | ", errors)[..Math.Min(300, string.Join(" | ", errors).Length)]}");
            }
        }

        output.WriteLine($"tried {Cases} ({generator.MutationCount} mutations), rejected with a field error or position {rejectedWithField}, rejected otherwise {rejectedOtherwise}, started {started}");
        Assert.True(unclear.Count == 0, string.Join('\n', unclear.Take(20)));
    }

    /// <summary>Null when admitted; the error messages otherwise (reading errors included, as <c>run</c> prints them).</summary>
    private static IReadOnlyList<string>? Admit(PodAdmission admission, string file)
    {
        IReadOnlyList<ManifestSource> sources;
        try
        {
            sources = ManifestReader.Read([file], TextReader.Null);
        }
        catch (IOException e)
        {
            return [e.Message];
        }

        var result = admission.Admit(sources, new AdmissionOptions { Strict = true });
        return result.IsValid && result.Pods.Count > 0 ? null : [.. result.Errors.Select(AdmissionErrorText.ForCommandLine)];
    }

    // A field path (metadata.…, spec.…, items[0]…), a file position (case.json:3:7), or the reader naming the file.
    [GeneratedRegex(@"(metadata\.|spec\.|items\[\d+\]|\.json:\d+:\d+: |the path ""[^""]+"" |no matches for kind)")]
    private static partial Regex FieldOrPosition();
}
