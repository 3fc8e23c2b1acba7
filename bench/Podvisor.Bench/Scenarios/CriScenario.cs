using Podvisor.Bench.Core;
using Podvisor.Bench.Peers;
using Podvisor.Bench.Tools;

namespace Podvisor.Bench.Scenarios;

/// <summary>
/// 8. The CRI runtime against podman (issue 17 goal 5, issue 11 "Performance"): podvisor <c>--runtime containerd</c>
/// (its own containerd, its own state directory) and <c>podman kube play</c> / <c>podman pull</c> (bench/run's isolated
/// store), both pulling from one docker-registry on 127.0.0.1 that holds examples/images/build.sh's busybox and a
/// ~5 MB image made from it (<see cref="PaddedImage"/>). Three parts: pull (<see cref="CriPull"/>), create
/// (<see cref="CriCreate"/>), SIGKILL lateness (<see cref="CriSigkill"/>).
/// </summary>
internal sealed class CriScenario : IScenario
{
    public const string Name = "cri";

    private const string Containerd = "/usr/bin/containerd";
    private const string Runc = "/usr/sbin/runc";
    private const string Busybox = "/bin/busybox";

    public string Id => Name;

    public int Number => 8;

    public string Title => "CRI runtime (podvisor + containerd) against podman: create, pull, SIGKILL";

    public async Task RunAsync(BenchContext context)
    {
        var missing = new[] { (Containerd, "containerd"), (Runc, "runc"), (LoopbackRegistry.Executable, "docker-registry"), (Busybox, "busybox-static"), ("/usr/bin/curl", "curl") }
            .Where(t => !File.Exists(t.Item1)).Select(t => $"{t.Item2} ({t.Item1})").ToList();
        if (missing.Count > 0)
        {
            context.Results.Skip(Name, $"needs {string.Join(", ", missing)}: apt-get install containerd runc docker-registry busybox-static curl (bench/run installs them)");
            return;
        }

        var dir = context.Dir("cri");
        await using var registry = await LoopbackRegistry.Start(Path.Combine(dir, "registry")).ConfigureAwait(false);
        await registry.PushBusybox(context.RepoDir).ConfigureAwait(false);
        var size = await PaddedImage.Push(registry.Http, "library/busybox", "1.36", "bench-5mb", 4 * 1024 * 1024).ConfigureAwait(false);
        context.Results.Note(Name, $"registry: docker-registry on {registry.Address}; {CriSetup.Busybox} from examples/images/build.sh --only busybox; {CriSetup.Padded} = that image + a 4 MiB random layer, {PaddedImage.Describe(size)} compressed");
        context.Results.Note(Name, $"versions: {await Shell.Version(Containerd, "--version").ConfigureAwait(false)}; {await Shell.Version(Runc, "--version").ConfigureAwait(false)}");

        Podman? podman = null;
        if (context.PodmanDir is { } store)
        {
            var conf = Path.Combine(dir, "registries.conf");
            await File.WriteAllTextAsync(conf, $"""
                unqualified-search-registries = ["docker.io"]
                [[registry]]
                location = "docker.io"
                [[registry.mirror]]
                location = "{registry.Address}"
                insecure = true

                """).ConfigureAwait(false);
            podman = new Podman(store, conf);
            await podman.RemoveAllPods().ConfigureAwait(false);
        }
        else
        {
            context.Results.Note(Name, "podman not available (bench/run installs it and prepares its store): podman's figures are missing; podvisor's are measured alone");
        }

        var setup = new CriSetup(context, registry, podman, dir);
        Directory.CreateDirectory(setup.SharedDir);
        try
        {
            // Pull first: podman's store must not hold busybox (its layer is the padded image's first) until create pulls it.
            await CriPull.Run(setup, context.Reps(5, 10)).ConfigureAwait(false);
            await CriCreate.Run(setup, context.Reps(5, 20)).ConfigureAwait(false);
            await CriSigkill.Run(setup, context.Reps(20, 50), context.Reps(50, 200)).ConfigureAwait(false);
        }
        finally
        {
            if (podman is not null)
            {
                await podman.RemoveAllPods().ConfigureAwait(false);
                await podman.Run("rmi", "-f", CriSetup.Busybox, CriSetup.Padded).ConfigureAwait(false);
            }
        }
    }
}
