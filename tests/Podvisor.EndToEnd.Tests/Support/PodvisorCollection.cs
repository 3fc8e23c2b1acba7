namespace Podvisor.EndToEnd.Tests.Support;

/// <summary>
/// Every end-to-end test shares one published executable and runs serially: they measure grace periods
/// and signal timing, which two cores running several pods at once would blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PodvisorCollection : ICollectionFixture<PodvisorExecutable>
{
    public const string Name = "podvisor executable";
}
