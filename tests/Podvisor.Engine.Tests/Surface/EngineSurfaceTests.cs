using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Podvisor.Engine.Pods;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Surface;

/// <summary>
/// The engine's public surface is a conscious choice: production assemblies (the runtimes, the server, the CLI) see
/// only its public types, and the public types are exactly those the engine README's "Public API" section lists.
/// </summary>
public sealed partial class EngineSurfaceTests
{
    private static readonly Assembly Engine = typeof(PodEngine).Assembly;

    /// <summary>Tests may test internals, and the bench measures them; nothing that ships may.</summary>
    private static readonly string[] AllowedFriends =
    [
        "Podvisor.Bench",
        "Podvisor.EndToEnd.Tests",
        "Podvisor.Engine.Tests",
        "Podvisor.Runtime.Cri.Tests",
        "Podvisor.Runtime.Processes.Tests",
        "Podvisor.Server.Tests",
        "Podvisor.Testing",
    ];

    [Fact]
    public void InternalsAreVisibleOnlyToTestAssembliesAndTheBench()
    {
        var friends = Engine.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(AllowedFriends, friends);
    }

    [Fact]
    public void NoShippedAssemblyIsAFriend()
    {
        // The assemblies `dotnet publish src/Podvisor.Cli` ships beside the engine, found by what references it.
        var shipped = new[] { "podvisor", "Podvisor.Server", "Podvisor.Runtime.Processes", "Podvisor.Runtime.Cri" };
        var friends = Engine.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0]).ToHashSet(StringComparer.Ordinal);

        foreach (var assembly in shipped)
        {
            Assert.DoesNotContain(assembly, friends);
        }
    }

    [Fact]
    public void PublicTypesAreExactlyThoseTheReadmeLists()
    {
        var exported = Engine.GetExportedTypes().Select(DisplayName).Order(StringComparer.Ordinal).ToList();
        var listed = ReadmeListedTypes().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(exported.Count, exported.Distinct(StringComparer.Ordinal).Count());
        Assert.True(
            listed.SequenceEqual(exported, StringComparer.Ordinal),
            "src/Podvisor.Engine/README.md \"Public API\" and the engine's public types differ.\n"
            + "public but not listed: " + string.Join(", ", exported.Except(listed, StringComparer.Ordinal)) + "\n"
            + "listed but not public: " + string.Join(", ", listed.Except(exported, StringComparer.Ordinal)));
    }

    [Fact]
    public void EveryPublicTypeIsSealedStaticAbstractOrAnInterface()
    {
        // Keep `sealed`: a public type open to inheritance by accident would let another assembly change its behaviour.
        var open = Engine.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(DisplayName)
            .ToList();

        Assert.Empty(open);
    }

    private static string DisplayName(Type type) => (type.FullName ?? type.Name)[(type.Namespace?.Length + 1 ?? 0)..].Replace('+', '.').Split('`')[0];

    /// <summary>The type names the README's "Public API" section lists, one per bullet: <c>- `Name`: what it is</c>.</summary>
    private static IEnumerable<string> ReadmeListedTypes()
    {
        var inSection = false;
        foreach (var line in File.ReadLines(RepositoryCheckout.PathOf("src/Podvisor.Engine/README.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inSection = line == "## Public API";
                continue;
            }

            if (inSection && ListedType().Match(line) is { Success: true } match)
            {
                yield return match.Groups[1].Value;
            }
        }
    }

    [GeneratedRegex(@"^- `([A-Za-z0-9_.]+)`")]
    private static partial Regex ListedType();
}
