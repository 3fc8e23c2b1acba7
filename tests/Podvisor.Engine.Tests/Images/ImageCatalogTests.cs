using Podvisor.Engine.Images;

namespace Podvisor.Engine.Tests.Images;

public sealed class ImageCatalogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-catalog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_Entry_ResolvesRelativePathsAgainstCatalogDirectory()
    {
        var path = Path.Combine(_directory, "images.yaml");
        File.WriteAllText(path, """
            images:
              k8spatterns/random-generator:1.0:
                entrypoint: [dotnet, ./samples/RandomGenerator/bin/RandomGenerator.dll]
                cmd: [--port, "8080"]
                env: {JAVA_OPTIONS: "-Xmx64m", A: "1"}
                workingDir: ./work
                stopSignal: SIGTERM
            """);

        var config = ImageCatalog.Load(path).Find("docker.io/k8spatterns/random-generator:1.0");

        Assert.NotNull(config);
        Assert.Equal("docker.io/k8spatterns/random-generator:1.0", config.Name);
        Assert.Equal(["dotnet", Path.Combine(_directory, "samples", "RandomGenerator", "bin", "RandomGenerator.dll")], config.Entrypoint);
        Assert.Equal(["--port", "8080"], config.Cmd);
        Assert.Equal([KeyValuePair.Create("JAVA_OPTIONS", "-Xmx64m"), KeyValuePair.Create("A", "1")], config.Env);
        Assert.Equal(Path.Combine(_directory, "work"), config.WorkingDir);
        Assert.Equal("SIGTERM", config.StopSignal);
        Assert.Equal(_directory, config.FilesDirectory);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("nginx:latest")]
    [InlineData("library/nginx")]
    [InlineData("docker.io/library/nginx:latest")]
    public void Find_EquivalentReferences_FindSameEntry(string image)
    {
        var catalog = ImageCatalog.Parse("images:\n  nginx:\n    entrypoint: [nginx]\n", "images.yaml", _directory);

        Assert.Equal(["nginx"], catalog.Find(image)?.Entrypoint);
        Assert.Null(catalog.Find(image)?.FilesDirectory);
    }

    [Fact]
    public void Find_UnknownOrEmptyCatalog_Null()
    {
        var catalog = ImageCatalog.Parse("images:\n  nginx: {}\n", "images.yaml", _directory);

        Assert.Null(catalog.Find("nginx:1.25"));
        Assert.Null(ImageCatalog.Empty.Find("nginx"));
    }

    [Fact]
    public void Parse_BadEntries_ErrorNamesFileAndEveryEntry()
    {
        const string Yaml = "images:\n  a:1:\n    entrypiont: [x]\n  b:\n    cmd: notalist\n  nginx: {}\n  nginx:latest: {}\n";

        var error = Assert.Throws<InvalidDataException>(() => ImageCatalog.Parse(Yaml, "images.yaml", _directory));

        Assert.Equal(
            [
                "images.yaml: image \"a:1\": unknown field \"entrypiont\"",
                "images.yaml: image \"b\": cmd: expected a list of strings",
                "images.yaml: image \"nginx:latest\": the same image as another entry (docker.io/library/nginx:latest)",
            ],
            error.Message.Split(Environment.NewLine));
    }
}
