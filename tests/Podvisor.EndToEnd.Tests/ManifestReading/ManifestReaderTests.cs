using Podvisor.Cli.Manifests;

namespace Podvisor.EndToEnd.Tests.ManifestReading;

public sealed class ManifestReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-reader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_Directory_ManifestFilesInNameOrderNotRecursive()
    {
        File.WriteAllText(Path.Combine(_directory, "b.yml"), "b");
        File.WriteAllText(Path.Combine(_directory, "a.yaml"), "a");
        File.WriteAllText(Path.Combine(_directory, "c.json"), "c");
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        File.WriteAllText(Path.Combine(_directory, "sub", "d.yaml"), "d");

        var sources = ManifestReader.Read([_directory], TextReader.Null);

        Assert.Equal(["a", "b", "c"], sources.Select(s => s.Content));
        Assert.Equal(Path.Combine(_directory, "a.yaml"), sources[0].DisplayName);
    }

    [Fact]
    public void Read_FileAndStandardInput_KeepsArgumentOrder()
    {
        var file = Path.Combine(_directory, "pod.yaml");
        File.WriteAllText(file, "from file");

        var sources = ManifestReader.Read(["-", file], new StringReader("from stdin"));

        Assert.Equal([("-", "from stdin"), (file, "from file")], sources.Select(s => (s.DisplayName, s.Content)));
    }

    [Fact]
    public void Read_MissingPath_IOExceptionNamesPath()
    {
        var error = Assert.ThrowsAny<IOException>(() => ManifestReader.Read(["missing.yaml"], TextReader.Null));

        Assert.Equal("the path \"missing.yaml\" does not exist", error.Message);
    }

    [Fact]
    public void Read_DevZero_StopsAtTheCapWithAClearError()
    {
        var error = Assert.ThrowsAny<IOException>(() => ManifestReader.Read(["/dev/zero"], TextReader.Null));

        Assert.Equal("the path \"/dev/zero\" is larger than the 32 MiB a manifest may have", error.Message);
    }

    [Fact]
    public void Read_StandardInputOverCap_ClearError()
    {
        var huge = new StringReader(new string('#', 32 * 1024 * 1024 + 1));

        var error = Assert.ThrowsAny<IOException>(() => ManifestReader.Read(["-"], huge));

        Assert.Contains("\"-\" is larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ClearErrorWithOffset()
    {
        var file = Path.Combine(_directory, "bad.yaml");
        File.WriteAllBytes(file, [.. "name: a"u8, 0xC3, 0x28]);

        var error = Assert.ThrowsAny<IOException>(() => ManifestReader.Read([file], TextReader.Null));

        Assert.Equal($"the path \"{file}\" is not valid UTF-8 (invalid byte at offset 7)", error.Message);
    }

    [Fact]
    public void Read_Utf8Bom_Dropped()
    {
        var file = Path.Combine(_directory, "bom.yaml");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. "kind: Pod"u8]);

        Assert.Equal("kind: Pod", ManifestReader.Read([file], TextReader.Null)[0].Content);
    }
}
