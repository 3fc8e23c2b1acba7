using System.Diagnostics;
using Podvisor.Runtime.Processes.Guard;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests.Guard;

/// <summary>
/// The guard script on its own, under a throwaway parent standing in for podvisor: which groups it kills when its
/// input closes, and what it does when that parent dies while a child that has not exec'd yet (waiting at its start
/// gate) still holds the guard pipe's write end.
/// </summary>
public sealed class GuardScriptTests : IDisposable
{
    private readonly string _gates = Directory.CreateTempSubdirectory("podvisor-guard-gates-").FullName;
    private readonly string _marker = MarkedProcesses.NewMarker();
    private readonly string _kept = MarkedProcesses.NewMarker();

    public void Dispose()
    {
        MarkedProcesses.KillAll(_marker);
        MarkedProcesses.KillAll(_kept);
        if (Directory.Exists(_gates))
        {
            Directory.Delete(_gates, recursive: true);
        }
    }

    [Fact]
    public async Task InputCloses_KillsTheGroupsStillRegistered_NotTheUnregisteredOnes_AmongMany()
    {
        // Two real groups among many registrations and unregistrations (as a run of many pods sends): at EOF only the
        // group still registered is killed. The others are numbers no process can have (above PID_MAX_LIMIT, 4194304).
        var registered = StartGroupLeader(_marker);
        var unregistered = StartGroupLeader(_kept);
        var guard = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", ProcessGuard.Script, "podvisor-guard", string.Empty }, RedirectStandardInput = true })!;
        try
        {
            var input = guard.StandardInput;
            await input.WriteLineAsync($"add {registered}");
            await input.WriteLineAsync($"add {unregistered}");
            for (var i = 0; i < 3000; i++)
            {
                await input.WriteLineAsync($"add {5_000_000 + i}");
            }

            for (var i = 0; i < 3000; i++)
            {
                await input.WriteLineAsync($"del {5_000_000 + i}");
            }

            await input.WriteLineAsync($"del {unregistered}");
            input.Close(); // what the kernel does when podvisor dies

            await guard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await Polling.EventuallyAsync(() => MarkedProcesses.Find(_marker).Count == 0, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20),
                () => "the registered group was not killed");
            Assert.Equal([unregistered], MarkedProcesses.Find(_kept));
        }
        finally
        {
            if (!guard.HasExited)
            {
                guard.Kill();
            }

            guard.Dispose();
        }
    }

    [Fact]
    public async Task Bye_ExitsAtOnce_KillingNothing_EvenWithGroupsRegistered()
    {
        // podvisor's clean exit: every container is gone already, and a group still listed must not be killed.
        var registered = StartGroupLeader(_kept);
        var guard = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", ProcessGuard.Script, "podvisor-guard", string.Empty }, RedirectStandardInput = true })!;
        try
        {
            await guard.StandardInput.WriteLineAsync($"add {registered}");
            await guard.StandardInput.WriteLineAsync("bye");
            await guard.StandardInput.FlushAsync();

            // Exits on "bye" itself, with the input still open.
            await guard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, guard.ExitCode);
            Assert.Equal([registered], MarkedProcesses.Find(_kept));
        }
        finally
        {
            if (!guard.HasExited)
            {
                guard.Kill();
            }

            guard.Dispose();
        }
    }

    /// <summary>A <c>sleep MARKER</c> leading a session (and so a process group) of its own; its PID is the PGID.</summary>
    private static int StartGroupLeader(string marker)
    {
        using var process = Process.Start(new ProcessStartInfo("setsid") { ArgumentList = { "sleep", marker } })!;
        return process.Id;
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
