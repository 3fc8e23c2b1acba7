using System.Text.RegularExpressions;

namespace Podvisor.Server.Tests.Kubectl;

internal sealed partial record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Stderr without kubectl's own klog lines (<c>E1205 10:49:02.123456   1234 websocket.go:296] ...</c>). client-go logs
    /// teardown races of its WebSocket goroutines there after the command's result is already decided (the same lines
    /// show up against real clusters); what kubectl tells the user about the command is everything else.
    /// </summary>
    public string StderrWithoutKlog => KlogLine().Replace(Stderr, string.Empty);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    [GeneratedRegex(@"^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+ +\d+ [^\]]+\] .*\n", RegexOptions.Multiline)]
    private static partial Regex KlogLine();
}
