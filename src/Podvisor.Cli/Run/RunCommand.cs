using System.CommandLine;
using System.CommandLine.Parsing;

namespace Podvisor.Cli.Run;

/// <summary>Declares <c>podvisor run</c>'s arguments and binds them to <see cref="RunSettings"/>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Pod manifests (YAML or JSON, several documents allowed): files, directories (their *.yaml, *.yml and *.json files) or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var stopAfter = new Option<TimeSpan?>("--stop-after")
        {
            Description = "Delete the pods gracefully after this long, as if Ctrl-C was pressed (Go duration: 500ms, 5s, 1m30s, 2h).",
            HelpName = "DURATION",
            CustomParser = ParseStopAfter,
        };
        var gracePeriod = new Option<long>("--grace-period")
        {
            Description = "When stopping, seconds given to each pod to terminate gracefully, overriding terminationGracePeriodSeconds. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => GracePeriodFlags.UsePodDefault,
            CustomParser = GracePeriodFlags.Parse,
        };
        var force = new Option<bool>("--force")
        {
            Description = "When stopping, kill the containers immediately (with --grace-period 0, the default with --force).",
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Reject fields the process runtime does not honour (resources, securityContext, ...) instead of warning.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "At the end, print the final Pods and their Events on stdout as a v1 List, like 'kubectl get pods,events -o json'.",
            HelpName = "json|yaml",
        };
        output.AcceptOnlyFromAmong("json", "yaml");
        var images = new Option<FileInfo?>("--images")
        {
            Description = "The image catalog (default: ./images.yaml if present, else images.yaml next to the executable, else none).",
            HelpName = "FILE",
        };
        var stateDirectory = new Option<DirectoryInfo?>("--state-dir")
        {
            Description = "Where container logs and pod state are written (default: a new directory per run under $XDG_STATE_HOME/podvisor or ~/.local/state/podvisor).",
            HelpName = "DIR",
        };

        var report = new Option<FileInfo?>("--report")
        {
            Description = "When the run ends, write a self-contained HTML page with the timeline of every pod: a lane per container, hooks, signals, grace periods, probes and events.",
            HelpName = "FILE.html",
        };

        var command = new Command("run", "Run pods in the foreground until they finish, or until stopped (Ctrl-C deletes them gracefully; a second Ctrl-C kills them).")
        {
            files, stopAfter, gracePeriod, force, strict, output, images, stateDirectory, report,
        };
        var runtimeFlags = new RuntimeFlags();
        runtimeFlags.AddTo(command);
        var chaos = new ChaosFlag();
        command.Options.Add(chaos.Option);
        var rolloutFlags = new Rollout.RolloutFlags();
        rolloutFlags.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Checked here, not in a validator: a validator runs even when --grace-period failed to parse, and
            // reading that option's value there throws.
            if (GracePeriodFlags.Validate(parseResult.GetValue(gracePeriod), parseResult.GetValue(force)) is { } error)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                await Console.Error.WriteLineAsync("See 'podvisor run --help'.");
                return ExitCodes.InvalidInput;
            }

            if (runtimeFlags.Resolve(parseResult, out var runtimeError) is not { } runtime)
            {
                await Console.Error.WriteLineAsync($"error: {runtimeError}");
                await Console.Error.WriteLineAsync("See 'podvisor run --help'.");
                return ExitCodes.InvalidInput;
            }

            if (chaos.Resolve(parseResult, runtime.Kind, out var chaosError) is not { } faults)
            {
                await Console.Error.WriteLineAsync($"error: {chaosError}");
                await Console.Error.WriteLineAsync("See 'podvisor run --help'.");
                return ExitCodes.InvalidInput;
            }

            var outputFormat = parseResult.GetValue(output) switch
            {
                "json" => OutputFormat.Json,
                "yaml" => OutputFormat.Yaml,
                _ => OutputFormat.None,
            };
            if (!rolloutFlags.Resolve(parseResult, outputFormat, out var rollout, out var endpointDelay, out var rolloutError))
            {
                await Console.Error.WriteLineAsync($"error: {rolloutError}");
                await Console.Error.WriteLineAsync("See 'podvisor run --help'.");
                return ExitCodes.InvalidInput;
            }

            var settings = new RunSettings(
                Files: parseResult.GetValue(files) ?? [],
                StopAfter: parseResult.GetValue(stopAfter),
                GracePeriodSeconds: GracePeriodFlags.Resolve(parseResult.GetValue(gracePeriod), parseResult.GetValue(force)),
                Strict: parseResult.GetValue(strict),
                Output: outputFormat,
                ImagesPath: parseResult.GetValue(images)?.FullName,
                StateDirectory: parseResult.GetValue(stateDirectory)?.FullName,
                Runtime: runtime,
                ReportPath: parseResult.GetValue(report)?.FullName,
                Chaos: faults,
                EndpointDelay: endpointDelay,
                Rollout: rollout);
            return await RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var console = RunConsole.FromSystemConsole();
        try
        {
            return await new RunSession(settings, console, TimeProvider.System).RunAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // RunSession's `await using` has already disposed the engine and runtime: nothing is left running.
            var debug = Environment.GetEnvironmentVariable("PODVISOR_DEBUG") == "1";
            console.WriteError(debug ? $"error: {exception}" : $"error: {exception.Message}");
            return ExitCodes.Failure;
        }
    }

    private static TimeSpan? ParseStopAfter(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            result.AddError($"invalid argument \"{text}\" for \"--stop-after\" flag: {error}");
            return null;
        }

        if (duration < TimeSpan.Zero)
        {
            result.AddError($"invalid argument \"{text}\" for \"--stop-after\" flag: must not be negative");
            return null;
        }

        return duration;
    }
}
