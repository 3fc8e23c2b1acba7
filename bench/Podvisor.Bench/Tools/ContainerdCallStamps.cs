using System.Globalization;
using System.Text.RegularExpressions;

namespace Podvisor.Bench.Tools;

/// <summary>
/// How long containerd itself spent in one pod's three create calls, from the stamps its CRI plugin logs at info level
/// when each call starts and returns (containerd 1.6 <c>pkg/cri/server/instrumented_service.go</c>: "RunPodSandbox for
/// …", "… returns sandbox id", "CreateContainer within sandbox …", "… returns container id", "StartContainer for …",
/// "… returns successfully"). No CRI client can bring Scheduled → Running below their sum: it is the floor the create
/// figure is judged against. The latest pod in the log is read; a log without all six stamps is an error, never 0.
/// </summary>
internal static partial class ContainerdCallStamps
{
    public sealed record Calls(double RunPodSandboxMs, double CreateContainerMs, double StartContainerMs)
    {
        public double TotalMs => RunPodSandboxMs + CreateContainerMs + StartContainerMs;
    }

    public static Calls Latest(string logPath)
    {
        var lines = File.ReadAllLines(logPath);
        var sandboxStart = LastIndex(lines, line => line.Contains("msg=\"RunPodSandbox for ", StringComparison.Ordinal) && !line.Contains(" returns sandbox id", StringComparison.Ordinal), lines.Length, logPath, "RunPodSandbox start");
        var sandboxEnd = FirstIndex(lines, line => line.Contains("msg=\"RunPodSandbox for ", StringComparison.Ordinal) && line.Contains(" returns sandbox id", StringComparison.Ordinal), sandboxStart, logPath, "RunPodSandbox return");
        var createStart = FirstIndex(lines, line => line.Contains("msg=\"CreateContainer within sandbox ", StringComparison.Ordinal) && !line.Contains(" returns container id", StringComparison.Ordinal), sandboxEnd, logPath, "CreateContainer start");
        var createEnd = FirstIndex(lines, line => line.Contains("msg=\"CreateContainer within sandbox ", StringComparison.Ordinal) && line.Contains(" returns container id", StringComparison.Ordinal), createStart, logPath, "CreateContainer return");
        var startStart = FirstIndex(lines, line => line.Contains("msg=\"StartContainer for ", StringComparison.Ordinal) && !line.Contains(" returns", StringComparison.Ordinal), createEnd, logPath, "StartContainer start");
        var startEnd = FirstIndex(lines, line => line.Contains("msg=\"StartContainer for ", StringComparison.Ordinal) && line.Contains(" returns successfully", StringComparison.Ordinal), startStart, logPath, "StartContainer return");
        return new Calls(
            Between(lines[sandboxStart], lines[sandboxEnd]),
            Between(lines[createStart], lines[createEnd]),
            Between(lines[startStart], lines[startEnd]));
    }

    /// <summary>Milliseconds between two lines' <c>time="…"</c> stamps (RFC 3339 with nanoseconds, UTC).</summary>
    public static double Between(string first, string second) => (Stamp(second) - Stamp(first)).TotalMilliseconds;

    public static DateTimeOffset Stamp(string line)
    {
        var match = TimeField().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"no time=\"…\" stamp in containerd's log line: {line}");
        }

        // .NET parses at most 7 fractional digits: the nanoseconds' last two are dropped.
        var text = match.Groups["date"].Value + "." + match.Groups["fraction"].Value.PadRight(7, '0')[..7] + "Z";
        return DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static int LastIndex(string[] lines, Func<string, bool> match, int before, string path, string what)
    {
        for (var i = before - 1; i >= 0; i--)
        {
            if (match(lines[i]))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"containerd's log {path} has no {what} stamp");
    }

    private static int FirstIndex(string[] lines, Func<string, bool> match, int after, string path, string what)
    {
        for (var i = after + 1; i < lines.Length; i++)
        {
            if (match(lines[i]))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"containerd's log {path} has no {what} stamp after line {after + 1}");
    }

    [GeneratedRegex("""time="(?<date>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.(?<fraction>\d+))?Z"?""")]
    private static partial Regex TimeField();
}
