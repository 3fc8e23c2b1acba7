using System.Diagnostics;
using System.Globalization;

namespace Podvisor.Cli;

/// <summary>
/// With <c>PODVISOR_TRACE_STARTUP=1</c>, prints to stderr how long each phase of a start took: one line per
/// phase, ms since <c>Main</c> was entered (a monotonic clock), and once how long the .NET host took to reach
/// <c>Main</c> (from the kernel's process start time and uptime, each with a clock tick's granularity, 10 ms). It exists to
/// measure start-up (bench/README.md, "Where start-up goes"); off, it costs one environment read.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("PODVISOR_TRACE_STARTUP") == "1";
    private static long mainEntered;

    /// <summary>Call first thing in Main.</summary>
    public static void MainEntered()
    {
        if (!Enabled)
        {
            return;
        }

        mainEntered = Stopwatch.GetTimestamp();
        Mark("Main entered");
        // Two small /proc reads: System.Diagnostics.Process's StartTime would load an assembly a run does not
        // otherwise need, and that load would count in the phases.
        if (HostMilliseconds() is { } host)
        {
            Console.Error.WriteLine($"podvisor-startup: Main was entered {host:F0} ms after the process started (±20 ms: clock ticks)");
        }
    }

    /// <summary>Prints the phase with the ms since Main was entered.</summary>
    public static void Mark(string phase)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"podvisor-startup: +{Stopwatch.GetElapsedTime(mainEntered).TotalMilliseconds:F1} ms {phase}");
        }
    }

    /// <summary>Seconds since boot now (<c>/proc/uptime</c>) minus at the process start (<c>/proc/self/stat</c> field 22, in ticks).</summary>
    private static double? HostMilliseconds()
    {
        try
        {
            var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
            var stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var startTicks = long.Parse(fields[19], CultureInfo.InvariantCulture);
            const double TicksPerSecond = 100; // USER_HZ on Linux
            return (uptime - (startTicks / TicksPerSecond)) * 1000;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>An observer marking the first container spawned and running, or null when tracing is off.</summary>
    public static Run.StartupTraceObserver? Observer() => Enabled ? new Run.StartupTraceObserver() : null;
}
