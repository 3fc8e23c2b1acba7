using Podvisor.Engine.Lint;

namespace Podvisor.Engine.Tests.Lint.Rules;

public sealed class ShellWrapperHidesStopSignalRuleTests
{
    private static string Pod(string command, string restartPolicy = "Always", string image = "example.com/app:1") => LintFixture.Pod($"""
        restartPolicy: {restartPolicy}
        containers:
        - name: app
          image: {image}
          {command}
        """);

    [Theory]
    [InlineData("command: [sh, -c, 'python3 app.py']")] // dash keeps the shell as PID 1 even for one command
    [InlineData("command: [sh, -c, 'migrate; python3 app.py']")]
    [InlineData("command: [bash, -c, 'python3 app.py; echo exited']")]
    [InlineData("command: [bash, -c, 'python3 app.py > /var/log/app.log']")] // bash does not exec a redirected command
    [InlineData("command: [sh, -c, 'sh -c \"trap x TERM; y\"; echo done']")] // a trap in a child script is not the wrapper's
    [InlineData("command: [/bin/sh, -ec, 'while true; do ./worker; done']")]
    [InlineData("command: [ash, -c, 'app | tee log']")]
    [InlineData("args: [sh, -c, 'server --port 80']")] // no command: the catalog's image has no entrypoint, args is the argv
    public void WrapperShellOverAProgram_LongRunning_Warning(string command)
    {
        var image = command.StartsWith("args", StringComparison.Ordinal) ? LintFixture.WithShell.Name : "example.com/app:1";
        var field = command.StartsWith("args", StringComparison.Ordinal) ? "spec.containers[0].args" : "spec.containers[0].command";
        Assert.Equal([(LintSeverity.Warning, field)], LintFixture.Of("PV002", Pod(command, image: image)));
    }

    [Fact]
    public void ImageEntrypointIsAWrapperShell_Warning() =>
        Assert.Equal([(LintSeverity.Warning, "spec.containers[0].args")], LintFixture.Of("PV002", Pod("args: []", image: LintFixture.ShellEntrypoint.Name)));

    [Theory]
    [InlineData("Never")]
    [InlineData("OnFailure")]
    public void RunToCompletionContainer_Info(string restartPolicy) =>
        Assert.Equal([(LintSeverity.Info, "spec.containers[0].command")], LintFixture.Of("PV002", Pod("command: [sh, -c, 'make test']", restartPolicy)));

    [Theory]
    [InlineData("command: [sh, -c, 'exec python3 app.py']")]
    [InlineData("command: [sh, -c, 'migrate && exec python3 app.py']")]
    [InlineData("command: [sh, -c, 'trap \"kill -TERM $child\" TERM; app & child=$!; wait $child']")]
    [InlineData("command: [sh, -c, 'trap -- \"exit 0\" SIGTERM; while true; do sleep 1; done']")]
    [InlineData("command: [bash, -c, 'python3 app.py']")] // bash execs a last simple command
    [InlineData("command: [bash, -c, 'echo starting; python3 app.py']")]
    [InlineData("command: [busybox, sh, -c, 'echo hi; app > /dev/stdout']")] // busybox ash execs it even redirected
    [InlineData("command: [sh, -c, 'echo \"$(date) no program\"; exit 3']")] // built-ins only
    [InlineData("command: [python3, -c, 'import time; time.sleep(100)']")]
    public void ProgramSeesTheSignalOrNoWrapper_NoFinding(string command) =>
        Assert.Empty(LintFixture.Of("PV002", Pod(command)));

    [Fact]
    public void UnknownImageWithArgsOnly_InfoThatSaysItAssumesNoEntrypoint()
    {
        var finding = Assert.Single(LintFixture.Lint(Pod("args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 600']")));

        Assert.Equal(("PV002", LintSeverity.Info, "spec.containers[0].args"), (finding.Finding.RuleId, finding.Finding.Severity, finding.Finding.Field));
        Assert.Contains("if image example.com/app:1 has no entrypoint of its own", finding.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitContainer_Info_SidecarWarning()
    {
        var yaml = LintFixture.Pod("""
            initContainers:
            - name: setup
              image: example.com/app:1
              command: [sh, -c, 'cp -r /src /dst']
            - name: proxy
              image: example.com/app:1
              restartPolicy: Always
              command: [sh, -c, 'envoy -c /etc/envoy.yaml']
            containers:
            - name: app
              image: example.com/app:1
              command: [app]
            """);

        Assert.Equal(
            [(LintSeverity.Info, "spec.initContainers[0].command"), (LintSeverity.Warning, "spec.initContainers[1].command")],
            LintFixture.Of("PV002", yaml));
    }
}
