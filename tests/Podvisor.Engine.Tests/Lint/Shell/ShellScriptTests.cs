using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Tests.Lint.Shell;

public sealed class ShellScriptTests
{
    /// <summary>Each command as "words|flags", flags N nested, P piped, B background, R redirected.</summary>
    private static string[] Describe(string script) => ShellScript.Parse(script).Commands
        .Select(c => string.Join(' ', c.Words) + "|" + (c.Nested ? "N" : "") + (c.Piped ? "P" : "") + (c.Background ? "B" : "") + (c.Redirected ? "R" : ""))
        .ToArray();

    [Theory]
    [InlineData("echo a; sleep 5", new[] { "echo a|", "sleep 5|" })]
    [InlineData("echo a\nsleep 5\n", new[] { "echo a|", "sleep 5|" })]
    [InlineData("sleep 3 && echo \"Wake up!\" > /tmp/x", new[] { "sleep 3|", "echo Wake up!|R" })]
    [InlineData("trap 'echo bye; exit 0' TERM; app", new[] { "trap echo bye; exit 0 TERM|", "app|" })]
    [InlineData("sh -c 'trap \"x\" TERM; y'\necho done", new[] { "sh -c trap \"x\" TERM; y|", "echo done|" })]
    [InlineData("while true; do sleep 1 & wait $!; done", new[] { "true|N", "sleep 1|NB", "wait $!|N" })]
    [InlineData("for i in 1 2 3; do echo $i; done; app", new[] { "echo $i|N", "app|" })]
    [InlineData("if [ -e /x ]; then a; else b; fi", new[] { "[ -e /x ]|N", "a|N", "b|N" })]
    [InlineData("case \"$1\" in a) one;; b|c) two;; esac; three", new[] { "one|N", "two|N", "three|" })]
    [InlineData("FOO=1 BAR=2 app --flag", new[] { "app --flag|" })]
    [InlineData("ps aux | grep x", new[] { "ps aux|P", "grep x|P" })]
    [InlineData("echo \"$(cat /etc/hostname; sleep 1)\"", new[] { "echo $(cat /etc/hostname; sleep 1)|" })]
    [InlineData("app 2>&1 # a comment; not a command", new[] { "app|R" })]
    [InlineData("cat <<EOF\nsleep 100\nEOF\nnext", new[] { "cat|R", "next|" })]
    [InlineData("f() { sleep 1; }; f", new[] { "sleep 1|N", "f|" })]
    [InlineData("(cd /x && make)", new[] { "cd /x|N", "make|N" })]
    [InlineData("echo 'unterminated", new[] { "echo unterminated|" })]
    public void Parse_FindsEachSimpleCommandAndItsPlace(string script, string[] expected) =>
        Assert.Equal(expected, Describe(script));

    /// <summary>Manifests are user input: every cut of a script full of quoting and nesting parses without throwing.</summary>
    [Fact]
    public void Parse_EveryPrefixOfATrickyScript_NeverThrows()
    {
        const string script = "f() { x=\"$(echo \\\"a)b\\\" `date`)\"; }; case ${1:-x} in a|b) cat <<-EOF >&2 2>/dev/null\n\tbody $(\nEOF\n;; *) exec 3<&0 'q\\' ;; esac && ( sleep 1 & ) | tee -a \\\nlog # end";
        for (var length = 0; length <= script.Length; length++)
        {
            var commands = ShellScript.Parse(script[..length]).Commands;
            Assert.All(commands, c => Assert.NotEmpty(c.Words));
        }
    }
}
