using System.Text;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Tests.Volumes;

public sealed class AtomicWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 11, 15, 0, TimeSpan.Zero);
    private readonly string _target = Path.Combine(Directory.CreateTempSubdirectory("podvisor-atomic-").FullName, "vol");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_target)!, recursive: true);

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Text)[] files) =>
        files.ToDictionary(f => f.Path, f => new FileProjection(Encoding.UTF8.GetBytes(f.Text), 0b110_100_100));

    [Fact]
    public void Write_First_LaysOutTimestampedDirDataLinkAndKeyLinks()
    {
        Assert.True(AtomicWriter.Write(_target, Payload(("a", "1"), ("dir/b", "2")), Now, PortableHostPaths.Instance));

        var data = new FileInfo(Path.Combine(_target, "..data")).LinkTarget;
        Assert.NotNull(data);
        Assert.Matches(@"^\.\.2026_12_05_11_15_00\.\d+$", data);
        Assert.Equal(Path.Combine("..data", "a"), new FileInfo(Path.Combine(_target, "a")).LinkTarget);
        Assert.Equal(Path.Combine("..data", "dir"), new FileInfo(Path.Combine(_target, "dir")).LinkTarget);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_target, "a")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(_target, "dir", "b")));
        Assert.Equal(
            ["..2026_12_05_11_15_00", "..data", "a", "dir"],
            Directory.EnumerateFileSystemEntries(_target).Select(Path.GetFileName).Select(n => n!.StartsWith("..2026", StringComparison.Ordinal) ? n[..21] : n).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_Changed_SwapsDataToANewDirAndRemovesTheOldDirAndStaleLinks()
    {
        AtomicWriter.Write(_target, Payload(("a", "1"), ("gone", "x")), Now, PortableHostPaths.Instance);
        var first = new FileInfo(Path.Combine(_target, "..data")).LinkTarget!;

        Assert.True(AtomicWriter.Write(_target, Payload(("a", "2")), Now.AddSeconds(1), PortableHostPaths.Instance));

        var second = new FileInfo(Path.Combine(_target, "..data")).LinkTarget!;
        Assert.NotEqual(first, second);
        Assert.StartsWith("..2026_12_05_11_15_01.", second, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_target, first)));
        Assert.False(Path.Exists(Path.Combine(_target, "gone")) || new FileInfo(Path.Combine(_target, "gone")).LinkTarget is not null);
        Assert.Equal("2", File.ReadAllText(Path.Combine(_target, "a")));
    }

    [Fact]
    public void Write_Unchanged_WritesNothing()
    {
        AtomicWriter.Write(_target, Payload(("a", "1")), Now, PortableHostPaths.Instance);
        var first = new FileInfo(Path.Combine(_target, "..data")).LinkTarget;

        Assert.False(AtomicWriter.Write(_target, Payload(("a", "1")), Now.AddSeconds(5), PortableHostPaths.Instance));

        Assert.Equal(first, new FileInfo(Path.Combine(_target, "..data")).LinkTarget);
    }

    [Fact]
    public void Write_ModeChanged_Rewrites()
    {
        AtomicWriter.Write(_target, Payload(("a", "1")), Now, PortableHostPaths.Instance);

        Assert.True(AtomicWriter.Write(_target, new Dictionary<string, FileProjection> { ["a"] = new("1"u8.ToArray(), 0b100_000_000) }, Now, PortableHostPaths.Instance));

        Assert.True(OperatingSystem.IsLinux(), "the volume tests run on Linux");
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(_target, "..data", "a")));
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/abs")]
    [InlineData("a/../../b")]
    [InlineData("..hidden")]
    public void Write_PathLeavingTheVolume_Refused(string path) =>
        Assert.Throws<ArgumentException>(() => AtomicWriter.Write(_target, Payload((path, "x")), Now, PortableHostPaths.Instance));
}
