using System.Globalization;
using System.Text.RegularExpressions;
using Podvisor.Bench.Core;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// CRI pull of a ~5 MB image from the loopback registry, image absent from both stores: podvisor's <c>Pulled</c> event
/// duration (the kubelet's "Successfully pulled image … in X"), each rep with a fresh state directory and so a fresh
/// containerd content store; against <c>podman pull</c> wall time after <c>podman rmi</c>. Before the podman reps every
/// busybox image is removed from its store, so podman cannot reuse the shared busybox layer either: both pull every byte.
/// Reps alternate the two tools, so both see the same load.
/// </summary>
internal static partial class CriPull
{
    private const string Scenario = CriScenario.Name;

    public static async Task Run(CriSetup setup, int n)
    {
        var manifest = Path.Combine(setup.Dir, "pull.yaml");
        await File.WriteAllTextAsync(manifest, setup.Pod("bench-cri-pull", CriSetup.Padded, ["/bench/probe", "wait"], grace: 5)).ConfigureAwait(false);
        if (setup.Podman is { } podman)
        {
            await podman.Run("rmi", "-f", CriSetup.Busybox, CriSetup.Padded).ConfigureAwait(false);
        }

        List<double> podvisor = [], peer = [];
        long? size = null;
        for (var i = 0; i < n; i++)
        {
            var state = Path.Combine(setup.Dir, $"state-pull-{i}");
            await using (var run = PodvisorRun.Start(setup.Context, setup.RunArgs(manifest, state)))
            {
                var pulled = await run.WaitFor(l => l.Content.Contains("Successfully pulled image", StringComparison.Ordinal), TimeSpan.FromMinutes(3)).ConfigureAwait(false);
                var match = PulledPattern().Match(pulled.Content);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"cannot read the pull duration from: {pulled.Content}");
                }

                podvisor.Add(GoDuration(match.Groups["value"].Value, match.Groups["unit"].Value));
                size = long.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture);
                run.Interrupt();
                await run.WaitExit(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }

            TryDelete(state);
            if (setup.Podman is { } p)
            {
                await p.Run("rmi", "-f", CriSetup.Padded).ConfigureAwait(false);
                peer.Add((await p.Run("pull", "-q", CriSetup.Padded).ConfigureAwait(false)).Check("podman pull " + CriSetup.Padded).WallMs);
            }
        }

        if (setup.Podman is { } last)
        {
            await last.Run("rmi", "-f", CriSetup.Padded).ConfigureAwait(false);
        }

        var image = $"{CriSetup.Padded}" + (size is { } b ? $", image size {PaddedImage.Describe(b)} as podvisor's Pulled event reports it" : string.Empty);
        setup.Context.Results.Add(new Figure(Scenario, Groups.CriPull, Role.Podvisor, "podvisor", "`Pulled` event duration (fresh containerd store)", "ms", podvisor,
            $"{image}; the duration in podvisor's Pulled event (PullImage through its containerd, registry mirror on loopback)"));
        if (setup.Podman is not null)
        {
            setup.Context.Results.Add(new Figure(Scenario, Groups.CriPull, Role.Peer, "podman", "`podman pull` wall time (after `podman rmi`)", "ms", peer,
                $"{CriSetup.Padded} from the same registry as docker.io's insecure mirror (a private registries.conf); no busybox layer in the store"));
        }
    }

    /// <summary>A Go duration's number and unit as the kubelet prints a pull time (ms, s, or µs for the absurdly fast).</summary>
    private static double GoDuration(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "s" => number * 1000,
            "ms" => number,
            _ => number / 1000,
        };
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A mount containerd left behind: the run directory goes at the end anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Successfully pulled image ""[^""]*"" in (?<value>[0-9.]+)(?<unit>ms|s|µs|us) .*Image size: (?<size>\d+) bytes")]
    private static partial Regex PulledPattern();
}
