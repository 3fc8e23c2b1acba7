using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>
/// Answers a harness's exec probes and hooks by their command name from a table a test changes as it goes (a name not
/// in it exits 0): "the readiness check says no from now on" is one <see cref="Set"/>.
/// </summary>
internal sealed class ExecScript
{
    private readonly Dictionary<string, int> _exits = [];

    private ExecScript()
    {
    }

    /// <summary>Makes every container the harness starts from now on answer execs from a new, empty table.</summary>
    public static ExecScript On(EngineHarness harness)
    {
        var script = new ExecScript();
        harness.Runtime.Configure = c => c.OnExec = (command, _) =>
        {
            var code = script.ExitOf(command[0]);
            return Task.FromResult(new ExecResult(code, code == 0 ? string.Empty : $"{command[0]} says no", false));
        };
        return script;
    }

    /// <summary>From now on, <paramref name="command"/> exits with <paramref name="code"/>.</summary>
    public void Set(string command, int code)
    {
        lock (_exits)
        {
            _exits[command] = code;
        }
    }

    private int ExitOf(string command)
    {
        lock (_exits)
        {
            return _exits.GetValueOrDefault(command);
        }
    }
}
