namespace Podvisor.Engine.Runtime;

/// <summary>Linux signal names and numbers, as <c>lifecycle.stopSignal</c> and image STOPSIGNAL spell them.</summary>
public static class Signals
{
    /// <summary>SIGHUP.</summary>
    public const int SigHup = 1;
    /// <summary>SIGINT.</summary>
    public const int SigInt = 2;
    /// <summary>SIGQUIT.</summary>
    public const int SigQuit = 3;
    /// <summary>SIGKILL: the grace period's end.</summary>
    public const int SigKill = 9;
    /// <summary>SIGTERM: the default stop signal.</summary>
    public const int SigTerm = 15;

    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["SIGHUP"] = 1, ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGILL"] = 4, ["SIGTRAP"] = 5, ["SIGABRT"] = 6,
        ["SIGBUS"] = 7, ["SIGFPE"] = 8, ["SIGKILL"] = 9, ["SIGUSR1"] = 10, ["SIGSEGV"] = 11, ["SIGUSR2"] = 12,
        ["SIGPIPE"] = 13, ["SIGALRM"] = 14, ["SIGTERM"] = 15, ["SIGSTKFLT"] = 16, ["SIGCHLD"] = 17,
        ["SIGCONT"] = 18, ["SIGSTOP"] = 19, ["SIGTSTP"] = 20, ["SIGTTIN"] = 21, ["SIGTTOU"] = 22, ["SIGURG"] = 23,
        ["SIGXCPU"] = 24, ["SIGXFSZ"] = 25, ["SIGVTALRM"] = 26, ["SIGPROF"] = 27, ["SIGWINCH"] = 28,
        ["SIGIO"] = 29, ["SIGPWR"] = 30, ["SIGSYS"] = 31,
    };

    /// <summary>Parses <c>SIGTERM</c>, <c>TERM</c> or <c>15</c>.</summary>
    public static bool TryParse(string text, out int signal)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out signal))
        {
            return signal is > 0 and < 65;
        }

        var name = text.StartsWith("SIG", StringComparison.Ordinal) ? text : "SIG" + text;
        return ByName.TryGetValue(name, out signal);
    }

    /// <summary><c>SIGTERM</c> for 15; the number itself for one without a name.</summary>
    public static string NameOf(int signal) =>
        ByName.FirstOrDefault(pair => pair.Value == signal).Key ?? signal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every signal name, <c>SIGHUP</c> to <c>SIGSYS</c>.</summary>
    public static IEnumerable<string> Names => ByName.Keys;
}
