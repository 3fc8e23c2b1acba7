using Podvisor.Testing;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>What the kubectl test classes share to read kubectl's output and wait on the cluster's state, each with its own bound.</summary>
internal static class KubectlPolling
{
    public static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/>; fails the test once <paramref name="bound"/> has passed.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, TimeSpan poll) =>
        Polling.EventuallyAsync(condition, bound, poll, () => "the cluster never showed the expected state");
}
