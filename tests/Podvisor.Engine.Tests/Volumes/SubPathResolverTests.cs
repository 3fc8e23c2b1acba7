using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Tests.Volumes;

/// <summary>subPath resolution as subpath_linux.go does it: links are followed, but never out of the volume.</summary>
public sealed class SubPathResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("podvisor-subpath-").FullName;

    public SubPathResolverTests()
    {
        Directory.CreateDirectory(Volume);
        Directory.CreateDirectory(Outside);
    }

    private string Volume => Path.Combine(_root, "volume");

    private string Outside => Path.Combine(_root, "outside");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void PlainDirectory_ResolvedInside()
    {
        Directory.CreateDirectory(Path.Combine(Volume, "a", "b"));

        Assert.Equal(Path.Combine(Volume, "a", "b"), SubPathResolver.Resolve(Volume, "a/b", createMissing: true));
    }

    [Fact]
    public void Missing_CreatedInside()
    {
        var resolved = SubPathResolver.Resolve(Volume, "new/dir", createMissing: true);

        Assert.Equal(Path.Combine(Volume, "new", "dir"), resolved);
        Assert.True(Directory.Exists(resolved));
    }

    [Fact]
    public void LinkStayingInside_FollowedToItsTarget()
    {
        Directory.CreateDirectory(Path.Combine(Volume, "real"));
        File.CreateSymbolicLink(Path.Combine(Volume, "alias"), "real");

        Assert.Equal(Path.Combine(Volume, "real"), SubPathResolver.Resolve(Volume, "alias", createMissing: true));
    }

    [Fact]
    public void AbsoluteLinkOut_Refused()
    {
        File.CreateSymbolicLink(Path.Combine(Volume, "escape"), Outside);

        Assert.Null(SubPathResolver.Resolve(Volume, "escape", createMissing: true));
        Assert.Null(SubPathResolver.Resolve(Volume, "escape/deeper", createMissing: true));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
    }

    [Fact]
    public void RelativeLinkOut_Refused()
    {
        File.CreateSymbolicLink(Path.Combine(Volume, "up"), "../outside");

        Assert.Null(SubPathResolver.Resolve(Volume, "up", createMissing: true));
    }

    [Fact]
    public void LinkThroughMissingDirectoryThenUp_RefusedWithoutCreatingAnything()
    {
        File.CreateSymbolicLink(Path.Combine(Volume, "sneaky"), "missing/../../outside/made");

        Assert.Null(SubPathResolver.Resolve(Volume, "sneaky", createMissing: true));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
    }

    [Fact]
    public void LinkLoop_Refused()
    {
        File.CreateSymbolicLink(Path.Combine(Volume, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(Volume, "b"), "a");

        Assert.Null(SubPathResolver.Resolve(Volume, "a", createMissing: true));
    }
}
