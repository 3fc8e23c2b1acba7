namespace Podvisor.Testing;

/// <summary>
/// The one bounded poll the tests share: checks a condition every <c>period</c> until it holds or <c>bound</c> has
/// passed on the real clock. Each caller keeps its own bound and period; nothing here sleeps and hopes.
/// </summary>
internal static class Polling
{
    /// <summary>Whether <paramref name="condition"/> held within <paramref name="bound"/>.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan bound, TimeSpan period) =>
        UntilAsync(() => Task.FromResult(condition()), bound, period);

    /// <inheritdoc cref="UntilAsync(Func{bool}, TimeSpan, TimeSpan)"/>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan bound, TimeSpan period)
    {
        var deadline = TimeProvider.System.GetUtcNow() + bound;
        while (!await condition().ConfigureAwait(false))
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(period, TimeProvider.System).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Fails (a <see cref="TimeoutException"/> saying <paramref name="describe"/>) unless the condition holds within the bound.</summary>
    public static Task EventuallyAsync(Func<bool> condition, TimeSpan bound, TimeSpan period, Func<string> describe) =>
        EventuallyAsync(() => Task.FromResult(condition()), bound, period, describe);

    /// <inheritdoc cref="EventuallyAsync(Func{bool}, TimeSpan, TimeSpan, Func{string})"/>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound, TimeSpan period, Func<string> describe)
    {
        if (!await UntilAsync(condition, bound, period).ConfigureAwait(false))
        {
            throw new TimeoutException($"not reached within {bound.TotalSeconds:0.###} s: {describe()}");
        }
    }
}
