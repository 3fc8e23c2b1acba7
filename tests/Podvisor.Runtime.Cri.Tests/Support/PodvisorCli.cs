using System.Diagnostics;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>How these tests start the podvisor CLI as a child: <c>PODVISOR_EXE</c> when set, else the podvisor.dll built beside them.</summary>
internal static class PodvisorCli
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var executable = Environment.GetEnvironmentVariable("PODVISOR_EXE");
        ProcessStartInfo start;
        if (executable is { Length: > 0 })
        {
            start = new ProcessStartInfo(executable);
        }
        else
        {
            // The CLI built beside these tests (same configuration), run by the dotnet running them.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(RepositoryRoot.Path, "src", "Podvisor.Cli", "bin", configuration, "net10.0", "podvisor.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build src/Podvisor.Cli first");
            start = new ProcessStartInfo(Environment.ProcessPath!);
            start.ArgumentList.Add(dll);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }
}
