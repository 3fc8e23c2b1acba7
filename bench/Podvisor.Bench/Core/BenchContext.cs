namespace Podvisor.Bench.Core;

/// <summary>Where things are and how hard to try, for one bench run.</summary>
internal sealed class BenchContext
{
    public required bool Quick { get; init; }

    /// <summary>The published podvisor executable under test.</summary>
    public required string Podvisor { get; init; }

    /// <summary>The compiled C helpers: <c>limit</c>, <c>probe</c> (static).</summary>
    public required string NativeDir { get; init; }

    /// <summary>This run's scratch directory (deleted at the end unless kept).</summary>
    public required string WorkDir { get; init; }

    /// <summary>The isolated podman store prepared by bench/lib/podman-setup.sh, or null when podman is not available.</summary>
    public required string? PodmanDir { get; init; }

    /// <summary>The repository (bench/run's working directory): scenarios run its scripts, e.g. examples/images/build.sh.</summary>
    public string RepoDir { get; init; } = Environment.CurrentDirectory;

    public Results Results { get; } = new();

    public string Limit => Path.Combine(NativeDir, "limit");

    public string Probe => Path.Combine(NativeDir, "probe");

    public int Reps(int quick, int full) => Quick ? quick : full;

    /// <summary>A fresh directory under the work directory.</summary>
    public string Dir(string name)
    {
        var path = Path.Combine(WorkDir, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }
}
