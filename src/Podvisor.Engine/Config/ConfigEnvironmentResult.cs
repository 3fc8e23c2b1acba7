namespace Podvisor.Engine.Config;

/// <summary>The outcome of <see cref="ConfigEnvironment.Resolve"/>.</summary>
/// <param name="Variables">The container's variables in definition order; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the container cannot be created (the <c>CreateContainerConfigError</c> message), or null.</param>
/// <param name="SkippedKeys">One <c>InvalidEnvironmentVariableNames</c> event message per envFrom source that had keys skipped.</param>
internal sealed record ConfigEnvironmentResult(IReadOnlyDictionary<string, string> Variables, string? Error, IReadOnlyList<string> SkippedKeys)
{
    public static ConfigEnvironmentResult Failed(string error) => new(new Dictionary<string, string>(), error, []);
}
