using System.Globalization;

namespace Podvisor.Runtime.Processes;

/// <summary>What a container and every exec in it share: the environment block, its PATH, the working directory and the OOM score.</summary>
/// <param name="Environment"><c>KEY=value</c> entries, each key once, in first-seen order with the last value.</param>
internal sealed record ContainerContext(IReadOnlyList<string> Environment, string? PathVariable, string? WorkingDirectory)
{
    /// <summary>The kubelet's <c>oom_score_adj</c> for the pod's QoS class (<see cref="Isolation.OomScore"/>); null: none worked out.</summary>
    public long? OomScoreAdj { get; init; }

    public static ContainerContext From(IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory)
    {
        // "Later entries win", as in a Kubernetes env list; the position stays that of the first.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (key, value) in environment)
        {
            if (!values.ContainsKey(key))
            {
                order.Add(key);
            }

            values[key] = value;
        }

        var block = order.Select(key => string.Create(CultureInfo.InvariantCulture, $"{key}={values[key]}")).ToArray();
        return new ContainerContext(block, values.GetValueOrDefault("PATH"), string.IsNullOrEmpty(workingDirectory) ? null : workingDirectory);
    }
}
