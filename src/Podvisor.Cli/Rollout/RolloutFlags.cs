using System.CommandLine;
using System.Globalization;
using Podvisor.Cli.Run;

namespace Podvisor.Cli.Rollout;

/// <summary><c>run</c>'s flags for files with Services and for the rollout verdict: declared, then checked as one.</summary>
internal sealed class RolloutFlags
{
    private readonly Option<bool> _rollout = new("--rollout")
    {
        Description = "Rollout verdict: wait until the Deployments are available, send steady load through the Service, restart each Deployment as 'kubectl rollout restart' does, and report failed requests, latency and how each old pod stopped; exits 4 if any request failed.",
    };

    private readonly Option<string> _path = new("--rollout-path")
    {
        Description = "The HTTP GET path of the rollout's requests.",
        DefaultValueFactory = _ => "/",
        HelpName = "PATH",
    };

    private readonly Option<int> _rate = new("--rollout-rate")
    {
        Description = "Requests per second during the rollout, each on a new connection.",
        DefaultValueFactory = _ => 50,
        HelpName = "N",
    };

    private readonly Option<string> _timeout = new("--rollout-timeout")
    {
        Description = "How long to wait for the app to become available, and for each restart to complete.",
        DefaultValueFactory = _ => "120s",
        HelpName = "DURATION",
    };

    private readonly Option<string?> _service = new("--rollout-service")
    {
        Description = "The Service to send the load through, when the files hold several.",
        HelpName = "NAME",
    };

    private readonly Option<string?> _endpointDelay = new("--endpoint-delay")
    {
        Description = "With Services: how long a removed endpoint keeps receiving new connections through the Service proxy, as a cluster's kube-proxy and load balancers lag (default 5s; 0s for none).",
        HelpName = "DURATION",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_rollout);
        command.Options.Add(_path);
        command.Options.Add(_rate);
        command.Options.Add(_timeout);
        command.Options.Add(_service);
        command.Options.Add(_endpointDelay);
    }

    /// <summary>The rollout options (null without <c>--rollout</c>) and the endpoint delay; false with an error naming the flag.</summary>
    public bool Resolve(ParseResult parseResult, OutputFormat output, out RolloutOptions? rollout, out TimeSpan? endpointDelay, out string? error)
    {
        rollout = null;
        endpointDelay = null;
        error = null;
        if (parseResult.GetValue(_endpointDelay) is { } delayText)
        {
            if (!DurationParser.TryParse(delayText, out var delay, out var delayError) || delay < TimeSpan.Zero)
            {
                error = $"invalid argument \"{delayText}\" for \"--endpoint-delay\" flag: {delayError ?? "must not be negative"}";
                return false;
            }

            endpointDelay = delay;
        }

        if (!parseResult.GetValue(_rollout))
        {
            return true;
        }

        var rate = parseResult.GetValue(_rate);
        if (rate is < 1 or > 10_000)
        {
            error = $"invalid argument \"{rate.ToString(CultureInfo.InvariantCulture)}\" for \"--rollout-rate\" flag: must be 1 to 10000";
            return false;
        }

        var timeoutText = parseResult.GetValue(_timeout) ?? "120s";
        if (!DurationParser.TryParse(timeoutText, out var timeout, out var timeoutError) || timeout <= TimeSpan.Zero)
        {
            error = $"invalid argument \"{timeoutText}\" for \"--rollout-timeout\" flag: {timeoutError ?? "must be positive"}";
            return false;
        }

        var path = parseResult.GetValue(_path) ?? "/";
        if (!path.StartsWith('/') || !Uri.IsWellFormedUriString(path, UriKind.Relative))
        {
            error = $"invalid argument \"{path}\" for \"--rollout-path\" flag: must be a path starting with /";
            return false;
        }

        if (output == OutputFormat.Yaml)
        {
            error = "--rollout prints its report as text, or as JSON with -o json; -o yaml is not available with it";
            return false;
        }

        rollout = new RolloutOptions(path, rate, timeout, parseResult.GetValue(_service));
        return true;
    }
}
