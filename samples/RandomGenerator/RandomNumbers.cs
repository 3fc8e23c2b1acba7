namespace RandomGenerator;

/// <summary>The generator behind <c>GET /</c>: seeded by <c>SEED</c> when set, shared by all requests.</summary>
internal sealed class RandomNumbers(RandomGeneratorSettings settings)
{
    private readonly Lock _gate = new();
    private readonly Random _random = settings.Seed == 0 ? new Random() : new Random(FoldSeed(settings.Seed));

    /// <summary>This instance's identity, reported with every number.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Any int, negative ones included, as Java's <c>Random.nextInt()</c>.</summary>
    public int Next()
    {
        lock (_gate)
        {
            return (int)_random.NextInt64(int.MinValue, (long)int.MaxValue + 1);
        }
    }

    public void Fill(Span<byte> buffer)
    {
        lock (_gate)
        {
            _random.NextBytes(buffer);
        }
    }

    // SEED is a long in the original; fold both halves in so that seeds differing only above 32 bits differ.
    private static int FoldSeed(long seed) => unchecked((int)(seed ^ (seed >>> 32)));
}
