using k8s.Models;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Volumes;

public sealed class PodVolumesTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("podvisor-volumes-state-").FullName;
    private readonly string _host = Directory.CreateTempSubdirectory("podvisor-volumes-host-").FullName;

    public void Dispose()
    {
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_host, recursive: true);
    }

    [Fact]
    public void EmptyDir_IsCreatedEmptyUnderThePodsKubeletDirectory_WorldWritable()
    {
        var volumes = For("- name: data\n  emptyDir: {}");
        var expected = Path.Combine(_state, "kubelet", "pods", "uid-1", "volumes", "kubernetes.io~empty-dir", "data");
        Directory.CreateDirectory(expected);
        File.WriteAllText(Path.Combine(expected, "left-by-an-earlier-run"), "x");

        Assert.Null(volumes.SetUp(PortableHostPaths.Instance));

        Assert.True(Directory.Exists(expected));
        Assert.Empty(Directory.EnumerateFileSystemEntries(expected));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b111_111_111, File.GetUnixFileMode(expected));
        }
    }

    [Fact]
    public void MountsFor_MapsEachMountOfAHonouredVolume_WithReadOnlyAndSubPath()
    {
        var volumes = For("- name: data\n  emptyDir: {}\n- name: cfg\n  nfs: {server: nas, path: /cfg}");
        Assert.Null(volumes.SetUp(PortableHostPaths.Instance));
        var emptyDir = Path.Combine(volumes.Root, "volumes", "kubernetes.io~empty-dir", "data");

        var mounts = volumes.MountsFor(Container(
            "- {name: data, mountPath: /data, readOnly: true}\n- {name: data, mountPath: /logs, subPath: app/logs}\n- {name: cfg, mountPath: /cfg}\n- {name: data, mountPath: relative}"));

        Assert.Equal(
            [
                new ContainerMount("/data", emptyDir, true),
                new ContainerMount("/logs", Path.Combine(emptyDir, "app/logs"), false, Beneath: emptyDir),
                new ContainerMount("/relative", emptyDir, false),
            ],
            mounts);
        Assert.True(Directory.Exists(Path.Combine(emptyDir, "app", "logs")), "a missing subPath directory is created, as the kubelet does");
    }

    [Fact]
    public void HostPath_DirectoryOrCreate_CreatesTheDirectoryWithParents()
    {
        var path = Path.Combine(_host, "a", "b");

        Assert.Null(For($"- name: h\n  hostPath: {{path: {path}, type: DirectoryOrCreate}}").SetUp(PortableHostPaths.Instance));

        Assert.True(Directory.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void HostPath_FileOrCreate_CreatesAnEmptyFile_ButNotItsParent()
    {
        var file = Path.Combine(_host, "created.txt");
        var orphan = Path.Combine(_host, "missing-dir", "f.txt");

        Assert.Null(For($"- name: h\n  hostPath: {{path: {file}, type: FileOrCreate}}").SetUp(PortableHostPaths.Instance));
        var failure = For($"- name: h\n  hostPath: {{path: {orphan}, type: FileOrCreate}}").SetUp(PortableHostPaths.Instance);

        Assert.Equal(0, new FileInfo(file).Length);
        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : open {orphan}: no such file or directory", failure);
    }

    public static TheoryData<string, string, string?> TypeChecks => new()
    {
        { "Directory", "Directory", null },
        { "Directory", "Missing", "hostPath type check failed: {0} is not a directory" },
        { "Directory", "File", "hostPath type check failed: {0} is not a directory" },
        { "DirectoryOrCreate", "File", "hostPath type check failed: {0} is not a directory" },
        { "File", "File", null },
        { "File", "Directory", "hostPath type check failed: {0} is not a file" },
        { "File", "Socket", "hostPath type check failed: {0} is not a file" },
        { "FileOrCreate", "Directory", "hostPath type check failed: {0} is not a file" },
        { "Socket", "Socket", null },
        { "Socket", "File", "hostPath type check failed: {0} is not a socket file" },
        { "CharDevice", "CharDevice", null },
        { "CharDevice", "BlockDevice", "hostPath type check failed: {0} is not a character device" },
        { "BlockDevice", "BlockDevice", null },
        { "BlockDevice", "Missing", "hostPath type check failed: {0} is not a block device" },
        { "", "Missing", null },
    };

    [Theory]
    [MemberData(nameof(TypeChecks))]
    public void HostPath_TypeCheck_UsesTheKubeletsWords(string type, string kind, string? error)
    {
        var failure = For($"- name: h\n  hostPath: {{path: /srv/x, type: '{type}'}}").SetUp(new FixedHostPaths(Enum.Parse<HostPathKind>(kind)));

        Assert.Equal(error is null ? null : "MountVolume.SetUp failed for volume \"h\" : " + string.Format(System.Globalization.CultureInfo.InvariantCulture, error, "/srv/x"), failure);
    }

    [Fact]
    public void SetUp_FailsOnTheFirstBadVolume_AndKeepsWhatSucceeded()
    {
        var volumes = For($"- name: ok\n  emptyDir: {{}}\n- name: bad\n  hostPath: {{path: {Path.Combine(_host, "nope")}, type: Directory}}");

        Assert.StartsWith("MountVolume.SetUp failed for volume \"bad\"", volumes.SetUp(PortableHostPaths.Instance), StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_host, "nope"));
        File.WriteAllText(Path.Combine(volumes.Root, "volumes", "kubernetes.io~empty-dir", "ok", "kept"), "x");

        Assert.Null(volumes.SetUp(PortableHostPaths.Instance));
        Assert.True(File.Exists(Path.Combine(volumes.Root, "volumes", "kubernetes.io~empty-dir", "ok", "kept")), "a retry must not empty a volume already set up");
    }

    [Fact]
    public void ScratchFor_IsPerInstance_UnderThePodDirectory()
    {
        var volumes = For(string.Empty);

        var first = volumes.ScratchFor("app", new string('a', 64));
        var second = volumes.ScratchFor("app", new string('b', 64));

        Assert.NotEqual(first, second);
        Assert.StartsWith(volumes.Root + "/containers/app/", first, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHost_MapsThePrivateTmpAndVolumes_DeepestFirst()
    {
        var volumes = For("- name: data\n  emptyDir: {}");
        Assert.Null(volumes.SetUp(PortableHostPaths.Instance));
        var container = Container("- {name: data, mountPath: /tmp/data}\n- {name: data, mountPath: /srv/x}");
        var id = "podvisor://" + new string('c', 64);
        var emptyDir = Path.Combine(volumes.Root, "volumes", "kubernetes.io~empty-dir", "data");

        Assert.Equal(Path.Combine(volumes.ScratchFor("app", id), "tmp", "my-log"), volumes.ToHost(container, id, "/tmp/my-log"));
        Assert.Equal(Path.Combine(emptyDir, "log"), volumes.ToHost(container, id, "/tmp/data/log"));
        Assert.Equal(Path.Combine(emptyDir, "a/b"), volumes.ToHost(container, id, "/srv/x/a/b"));
        Assert.Null(volumes.ToHost(container, id, "/dev/termination-log"));
        Assert.Null(volumes.ToHost(container, id, "/srv/xy"));
    }

    [Fact]
    public void Remove_DeletesThePodDirectory_ButNeverAHostPath()
    {
        var hostFile = Path.Combine(_host, "keep");
        File.WriteAllText(hostFile, "x");
        var volumes = For($"- name: data\n  emptyDir: {{}}\n- name: h\n  hostPath: {{path: {_host}}}");
        Assert.Null(volumes.SetUp(PortableHostPaths.Instance));

        volumes.Remove();

        Assert.False(Directory.Exists(volumes.Root));
        Assert.True(File.Exists(hostFile));
    }

    private PodVolumes For(string volumesYaml)
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, uid: uid-1}\nspec:\n  containers:\n  - {name: app, image: busybox}\n";
        if (volumesYaml.Length > 0)
        {
            yaml += "  volumes:\n" + string.Join('\n', volumesYaml.Split('\n').Select(l => "  " + l)) + "\n";
        }

        return PodVolumes.For(EngineHarness.Pod(yaml), _state);
    }

    private static V1Container Container(string mountsYaml) =>
        k8s.KubernetesYaml.Deserialize<V1Container>("name: app\nimage: busybox\nvolumeMounts:\n" + mountsYaml);
}
