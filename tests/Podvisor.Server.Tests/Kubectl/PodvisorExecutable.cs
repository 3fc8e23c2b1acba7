using System.Diagnostics;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// The executable under test: <c>PODVISOR_EXE</c> when CI published it already, otherwise a <c>dotnet publish</c>
/// of src/Podvisor.Cli (once per test run, into its own folder so that other suites' publishes do not race it), as the
/// ReadyToRun build (<c>-p:PodvisorNativeAot=false</c>): the same code, without minutes of native compilation; CI
/// publishes the shipped Native AOT executable and sets <c>PODVISOR_EXE</c>.
/// </summary>
internal static class PodvisorExecutable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _path;

    public static async Task<string> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _path ??= await FindOrPublishAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> FindOrPublishAsync()
    {
        if (Environment.GetEnvironmentVariable("PODVISOR_EXE") is { Length: > 0 } fromEnvironment)
        {
            Assert.True(File.Exists(fromEnvironment), $"PODVISOR_EXE={fromEnvironment} does not exist");
            return Path.GetFullPath(fromEnvironment);
        }

        var root = RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "e2e-serve-podvisor");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", "src/Podvisor.Cli", "-c", "Release", "-o", output, "-p:PodvisorNativeAot=false", "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
        return Path.Combine(output, "podvisor");
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Podvisor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Podvisor.slnx above {AppContext.BaseDirectory}");
    }
}
