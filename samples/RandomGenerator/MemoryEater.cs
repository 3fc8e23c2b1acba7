namespace RandomGenerator;

/// <summary><c>/memory-eater?mb=N</c>: holds N MB of touched memory until the next call replaces it (resource-limit demos).</summary>
internal sealed class MemoryEater(RandomNumbers numbers)
{
    private byte[]? _hole;

    public void Eat(int megabytes)
    {
        var hole = new byte[checked(megabytes * 1024 * 1024)];
        // Random content, so that no page stays shared or zero-deduplicated: the memory is really used.
        numbers.Fill(hole);
        _hole = hole;
    }

    public long HeldBytes => _hole?.LongLength ?? 0;
}
