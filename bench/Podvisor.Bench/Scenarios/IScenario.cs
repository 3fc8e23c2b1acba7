using Podvisor.Bench.Core;

namespace Podvisor.Bench.Scenarios;

/// <summary>One numbered scenario of issue 8. Figures go to <see cref="BenchContext.Results"/>.</summary>
internal interface IScenario
{
    /// <summary>The name on the command line (the number works too).</summary>
    string Id { get; }

    int Number { get; }

    string Title { get; }

    Task RunAsync(BenchContext context);
}
