namespace Podvisor.Bench.Core;

/// <summary>Progress on stderr, so that a run's stdout is only the final table.</summary>
internal static class Log
{
    public static void Info(string text) => Console.Error.WriteLine(text);
}
