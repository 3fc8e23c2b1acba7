using System.Text;
using Podvisor.Runtime.Cri.Platform;

namespace Podvisor.Runtime.Cri.Tests.Parsing;

/// <summary>
/// A parent cgroup's weight is raised by the first dying container and written back by the last one, whatever the
/// order: two containers of one parent dying together must not leave it raised, nor lower it while one still dies.
/// </summary>
public sealed class SharedCgroupBoostTests : IDisposable
{
    private static readonly byte[] Maximum = Encoding.ASCII.GetBytes("262144");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"podvisor-tests-shares-{Guid.NewGuid():N}");

    public SharedCgroupBoostTests() => File.WriteAllText(_file, "204800\n");

    [Fact]
    public void The_first_acquire_raises_and_the_last_release_restores()
    {
        Assert.True(SharedCgroupBoost.Acquire(_file, Maximum));
        Assert.Equal("262144", Read());
        Assert.Equal("204800", SharedCgroupBoost.KeptValueOf(_file));

        Assert.True(SharedCgroupBoost.Acquire(_file, Maximum));
        SharedCgroupBoost.Release(_file);
        Assert.Equal("262144", Read());

        SharedCgroupBoost.Release(_file);
        Assert.Equal("204800", Read());
        Assert.Null(SharedCgroupBoost.KeptValueOf(_file));
    }

    [Fact]
    public void A_release_without_an_acquire_changes_nothing()
    {
        SharedCgroupBoost.Release(_file);

        Assert.Equal("204800", Read());
    }

    [Fact]
    public void A_missing_file_is_refused_without_an_exception() =>
        Assert.False(SharedCgroupBoost.Acquire(_file + ".missing", Maximum));

    public void Dispose() => File.Delete(_file);

    // A real cgroup file holds exactly what was written; on this plain file both values have six digits, so each write replaces the other whole.
    private string Read() => File.ReadAllText(_file).Trim();
}
