using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Volumes;

/// <summary>
/// A subPath reaches containerd as a podvisor-owned bind of the file opened inside its volume without following links
/// (the kubelet's volume-subpaths): a link swapped in after the engine's check cannot send the bind to the host.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class SubPathBindTests(ContainerdFixture fixture)
{
    private const string Image = "registry.k8s.io/busybox:1.27.2";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_directory_and_a_file_subPath_are_bound_from_inside_the_volume_and_unmounted_with_the_pod()
    {
        var (directory, uid) = await PrepareAsync();
        var volume = Directory.CreateDirectory(Path.Combine(directory, "vol")).FullName;
        var subDirectory = Directory.CreateDirectory(Path.Combine(volume, "a", "b")).FullName;
        var subFile = Path.Combine(volume, "settings.conf");
        await File.WriteAllTextAsync(subFile, "from-the-volume\n");
        var lines = new List<string>();
        var sandbox = await fixture.Runtime.RunPodSandboxAsync(new PodSandboxConfig("default", "subpaths", uid, Path.Combine(directory, "logs"), ShareProcessNamespace: false), CancellationToken.None);
        string podTargets;
        await using (sandbox)
        {
            var launch = Launch(uid, directory, "cat /etc/settings.conf; echo written > /srv/out", [new("/srv", subDirectory, ReadOnly: false, Beneath: volume), new("/etc/settings.conf", subFile, ReadOnly: true, Beneath: volume)], lines);
            await using var container = await sandbox.StartContainerAsync(launch, CancellationToken.None);

            Assert.Equal(0, (await container.Exited.WaitAsync(Limit)).ExitCode);
            Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(subDirectory, "out")));
            podTargets = Path.Combine(fixture.Runtime.SubPaths.Root, uid);
            Assert.Equal(2, MountsUnder(podTargets).Count);
        }

        lock (lines)
        {
            Assert.Contains("from-the-volume", lines);
        }

        Assert.Empty(MountsUnder(podTargets));
        Assert.False(Directory.Exists(podTargets), $"{podTargets} is left after the pod's sandbox was removed");
        Assert.True(File.Exists(Path.Combine(subDirectory, "out")), "removing the binds reached into the volume");
    }

    [Fact]
    public async Task A_subPath_component_swapped_for_a_link_after_the_check_is_not_bound()
    {
        // The engine resolved vol/a/b inside the volume; then a container replaced "a" with a link to a host directory.
        // Given vol/a/b, containerd would follow the link and the container would write on the host.
        var (directory, uid) = await PrepareAsync();
        var volume = Directory.CreateDirectory(Path.Combine(directory, "vol")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(directory, "host", "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(volume, "a"), Path.GetDirectoryName(outside)!);
        await using var sandbox = await fixture.Runtime.RunPodSandboxAsync(new PodSandboxConfig("default", "swapped", uid, Path.Combine(directory, "logs"), ShareProcessNamespace: false), CancellationToken.None);

        var launch = Launch(uid, directory, "echo escaped > /srv/ESCAPED", [new("/srv", Path.Combine(volume, "a", "b"), ReadOnly: false, Beneath: volume)], []);
        var failure = await Assert.ThrowsAsync<ContainerStartException>(() => sandbox.StartContainerAsync(launch, CancellationToken.None));

        Assert.Contains("failed to prepare subPath", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outside, "ESCAPED")), "the container wrote outside its volume");
        Assert.Empty(MountsUnder(Path.Combine(fixture.Runtime.SubPaths.Root, uid)));
    }

    private async Task<(string Directory, string Uid)> PrepareAsync()
    {
        await fixture.Runtime.PullImageAsync(Image, credential: null, CancellationToken.None);
        var directory = Path.Combine(fixture.Directory, "subpath-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(directory);
        return (directory, Guid.NewGuid().ToString());
    }

    private static ContainerLaunch Launch(string uid, string directory, string script, IReadOnlyList<ContainerMount> mounts, List<string> lines) => new(
        ContainerId: Guid.NewGuid().ToString("N"),
        PodNamespace: "default",
        PodName: "subpaths",
        PodUid: uid,
        ContainerName: "app",
        Argv: [],
        Environment: [],
        WorkingDirectory: null,
        LogPath: Path.Combine(directory, "logs", "app", "0.log"),
        OnLogLine: line =>
        {
            lock (lines)
            {
                lines.Add(line.Text);
            }
        },
        Mounts: mounts,
        Image: Image,
        Command: ["sh", "-c", script]);

    /// <summary>Mount points at or under <paramref name="directory"/>, from the kernel's own table.</summary>
    private static List<string> MountsUnder(string directory) =>
        [.. File.ReadLines("/proc/self/mounts").Select(line => line.Split(' ')[1]).Where(point => point == directory || point.StartsWith(directory + "/", StringComparison.Ordinal))];
}
