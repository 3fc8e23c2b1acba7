using Podvisor.Cli.Report;

namespace Podvisor.EndToEnd.Tests.Report;

/// <summary>A bad <c>--report</c> path fails before any pod starts, with a message naming the flag.</summary>
public sealed class ReportFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-reportfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Check_MissingDirectory_NamesTheFlagAndTheDirectory()
    {
        var path = Path.Combine(_directory, "nowhere", "t.html");

        Assert.Equal($"invalid argument \"{path}\" for \"--report\" flag: directory {Path.Combine(_directory, "nowhere")} does not exist", ReportFile.Check(path));
    }

    [Fact]
    public void Check_ADirectory_IsRefused() =>
        Assert.Equal($"invalid argument \"{_directory}\" for \"--report\" flag: is a directory", ReportFile.Check(_directory));

    [Fact]
    public void Check_AFileInAnExistingDirectory_IsFine() =>
        Assert.Null(ReportFile.Check(Path.Combine(_directory, "t.html")));
}
