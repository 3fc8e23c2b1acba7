using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Tests.Lint.Shell;

public sealed class ShellWrapperTests
{
    [Theory]
    [InlineData(new[] { "sh", "-c", "app" }, "sh", "app")]
    [InlineData(new[] { "/bin/bash", "-ec", "app" }, "bash", "app")]
    [InlineData(new[] { "bash", "-o", "pipefail", "-c", "app | tee" }, "bash", "app | tee")]
    [InlineData(new[] { "busybox", "sh", "-c", "app" }, "ash", "app")]
    [InlineData(new[] { "sh", "-c", "--", "app" }, "sh", "app")]
    public void From_ShellWithDashC_ReturnsShellAndScript(string[] argv, string shell, string script) =>
        Assert.Equal(new ShellWrapper(shell, script), ShellWrapper.From(argv));

    [Theory]
    [InlineData("sh script.sh")]
    [InlineData("sh -e script.sh")]
    [InlineData("python3 -c print(1)")]
    [InlineData("sh -c")]
    [InlineData("")]
    public void From_NotAShellScriptString_ReturnsNull(string line) => Assert.Null(ShellWrapper.From(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
