using System.Diagnostics;

namespace Podvisor.EndToEnd.Tests.Support;

/// <summary>
/// Finds the executable under test: <c>PODVISOR_EXE</c> when CI has published it already, otherwise a
/// <c>dotnet publish</c> of src/Podvisor.Cli into artifacts/e2e-podvisor, once per test run, as the ReadyToRun build
/// (<c>-p:PodvisorNativeAot=false</c>): the same code without minutes of native compilation; CI publishes the shipped
/// Native AOT executable and sets <c>PODVISOR_EXE</c>.
/// </summary>
public sealed class PodvisorExecutable : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public string Path { get; private set; } = string.Empty;

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Example(string relativePath) => System.IO.Path.Combine(RepositoryRoot, "examples", relativePath);

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PODVISOR_EXE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            Path = System.IO.Path.GetFullPath(fromEnvironment);
            Assert.True(File.Exists(Path), $"PODVISOR_EXE={fromEnvironment} does not exist");
            return;
        }

        var output = System.IO.Path.Combine(RepositoryRoot, "artifacts", "e2e-podvisor");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", "src/Podvisor.Cli", "-c", "Release", "-o", output, "-p:PodvisorNativeAot=false", "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        try
        {
            await publish.WaitForExitAsync().WaitAsync(PublishTimeout);
        }
        catch (TimeoutException)
        {
            publish.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        Path = System.IO.Path.Combine(output, "podvisor");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Podvisor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Podvisor.slnx above {AppContext.BaseDirectory}");
    }
}
