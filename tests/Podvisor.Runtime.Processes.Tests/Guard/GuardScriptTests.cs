using System.Diagnostics;
using Podvisor.Runtime.Processes.Guard;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests.Guard;

/// <summary>
/// The guard script on its own, under a throwaway parent standing in for podvisor: what it does when that parent
/// dies while a child that has not exec'd yet (waiting at its start gate) still holds the guard pipe's write end.
/// </summary>
public sealed class GuardScriptTests : IDisposable
{
    private readonly string _gates = Directory.CreateTempSubdirectory("podvisor-guard-gates-").FullName;
    private readonly string _marker = MarkedProcesses.NewMarker();

    public void Dispose()
    {
        MarkedProcesses.KillAll(_marker);
        if (Directory.Exists(_gates))
        {
            Directory.Delete(_gates, recursive: true);
        }
    }

    [Fact]
    public async Task ParentDies_WhileAChildAtTheGateHoldsThePipe_TheChildIsKilled_AndTheGatesRemoved()
    {
        // bash: the guard reads a pipe whose write end the parent holds; a child that keeps that end (as a posix_spawn
        // child does before exec) waits in the gate directory; then the parent exits.
        var parent = Process.Start(new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c",
                "exec {w}> >(exec sh -c \"$GUARD\" podvisor-guard \"$GATES\"); (cd \"$GATES\" && exec sleep \"$MARKER\") & sleep 0.3; exit 0",
            },
            Environment = { ["GUARD"] = ProcessGuard.Script, ["GATES"] = _gates, ["MARKER"] = _marker },
        })!;
        await parent.WaitForExitAsync();
        parent.Dispose();

        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(15);
        while ((MarkedProcesses.Find(_marker).Count > 0 || Directory.Exists(_gates)) && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.Empty(MarkedProcesses.Find(_marker));
        Assert.False(Directory.Exists(_gates), "the guard did not finish its cleanup (the gate directory is still there)");
    }
}
