namespace Podvisor.Bench.Peers;

/// <summary>One <c>[program:x]</c> section; <paramref name="Settings"/> are written as given (key=value).</summary>
internal sealed record SupervisordProgram(string Name, string Command, IReadOnlyDictionary<string, string> Settings)
{
    public static SupervisordProgram Of(string name, string command, params (string Key, string Value)[] settings) =>
        new(name, command, settings.ToDictionary(s => s.Key, s => s.Value));
}
