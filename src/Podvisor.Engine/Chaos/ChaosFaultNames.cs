namespace Podvisor.Engine.Chaos;

/// <summary>The names <c>--chaos</c> accepts, in the order help and errors list them.</summary>
public static class ChaosFaultNames
{
    /// <summary><see cref="ChaosFaults.PostStartTwice"/>.</summary>
    public const string PostStartTwice = "poststart-twice";
    /// <summary><see cref="ChaosFaults.PostStartEarly"/>.</summary>
    public const string PostStartEarly = "poststart-early";
    /// <summary><see cref="ChaosFaults.DropHttpHook"/>.</summary>
    public const string DropHttpHook = "drop-http-hook";
    /// <summary><see cref="ChaosFaults.LateStopSignal"/>.</summary>
    public const string LateStopSignal = "late-stop-signal";

    /// <summary>The reason of the Warning event each injected fault records: podvisor's own, no kubelet emits it.</summary>
    public const string EventReason = "ChaosInjected";

    private static readonly (string Name, ChaosFaults Fault)[] All =
    [
        (PostStartTwice, ChaosFaults.PostStartTwice),
        (PostStartEarly, ChaosFaults.PostStartEarly),
        (DropHttpHook, ChaosFaults.DropHttpHook),
        (LateStopSignal, ChaosFaults.LateStopSignal),
    ];

    /// <summary>Every valid name, comma-separated, for help texts and errors.</summary>
    public static string Valid => string.Join(", ", All.Select(entry => entry.Name));

    /// <summary>The flag name of one fault.</summary>
    public static string NameOf(ChaosFaults fault) => All.First(entry => entry.Fault == fault).Name;

    /// <summary>
    /// Parses the flag's values: each may be one name or a comma-separated list; repeats are harmless. The error names
    /// the first unknown fault and lists the valid ones.
    /// </summary>
    public static bool TryParse(IEnumerable<string> values, out ChaosFaults faults, out string error)
    {
        faults = ChaosFaults.None;
        error = string.Empty;
        foreach (var value in values)
        {
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                var match = All.FirstOrDefault(entry => string.Equals(entry.Name, part, StringComparison.Ordinal));
                if (match.Name is null)
                {
                    error = part.Length == 0
                        ? $"empty fault name in \"{value}\": valid faults are {Valid}"
                        : $"unknown fault \"{part}\": valid faults are {Valid}";
                    faults = ChaosFaults.None;
                    return false;
                }

                faults |= match.Fault;
            }
        }

        return true;
    }
}
