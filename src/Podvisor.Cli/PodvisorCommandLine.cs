using System.CommandLine;
using System.CommandLine.Invocation;
using Podvisor.Cli.Lint;
using Podvisor.Cli.Run;
using Podvisor.Cli.Serve;

namespace Podvisor.Cli;

/// <summary>The command tree and how it is invoked.</summary>
internal static class PodvisorCommandLine
{
    public static RootCommand Create() =>
        new("podvisor runs Kubernetes Pod manifests on this machine as host processes, with the kubelet's lifecycle.")
        {
            RunCommand.Create(),
            ServeCommand.Create(),
            LintCommand.Create(),
        };

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parseResult = Create().Parse(args);
        StartupTrace.Mark("command line parsed");

        // Usage errors are invalid input (exit 2, like most CLIs), not a failed run (1, System.CommandLine's default).
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            var command = parseResult.CommandResult.Command;
            var path = command is RootCommand ? "podvisor" : $"podvisor {command.Name}";
            await Console.Error.WriteLineAsync($"See '{path} --help'.");
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration
        {
            // RunSession owns SIGINT/SIGTERM: the first deletes pods gracefully, the second forces. The default
            // handler would cancel the action and kill the process 2 s later, cutting grace periods short.
            ProcessTerminationTimeout = null,
            // RunCommand reports exceptions itself, without a stack trace unless asked.
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(configuration);
    }
}
