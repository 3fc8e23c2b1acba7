namespace Podvisor.Testing;

/// <summary>
/// Widens the windows between what the engine does and what it reports, when PODVISOR_TEST_CHAOS is set (a number
/// of milliseconds), so that a test which reads a stale status instead of waiting for the right one fails every few
/// runs on a laptop instead of once in a hundred CI runs under load. Off by default; CI does not set it.
/// </summary>
internal static class Chaos
{
    private static readonly int MaxPauseMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("PODVISOR_TEST_CHAOS"), out var ms) && ms > 0 ? ms : 0;

    public static void Pause()
    {
        if (MaxPauseMilliseconds > 0)
        {
#pragma warning disable RS0030 // A real, blocking pause is the point: it holds the engine's thread where it is.
            Thread.Sleep(Random.Shared.Next(MaxPauseMilliseconds + 1));
#pragma warning restore RS0030
        }
    }
}
