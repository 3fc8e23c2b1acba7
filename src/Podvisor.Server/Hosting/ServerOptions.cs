using System.Net;

namespace Podvisor.Server.Hosting;

/// <summary>How <c>podvisor serve</c> was asked to run.</summary>
internal sealed record ServerOptions
{
    public required string DataDirectory { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>The explicit consent needed to listen on a non-loopback address.</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary>The timeline pages to serve under <c>/podvisor/pods/{ns}/{name}/timeline</c>; null: no such route.</summary>
    public ITimelinePages? Timeline { get; init; }

    /// <summary>The default data dir: <c>$XDG_DATA_HOME/podvisor</c>, else <c>~/.local/share/podvisor</c>.</summary>
    public static string DefaultDataDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(root, "podvisor");
    }

    /// <summary>
    /// How long an endpoint that leaves a Service's EndpointSlice keeps getting new connections through the local proxy
    /// (docs/services.md §3): 5 s models kube-proxy's 1 s minimum sync plus the seconds a cloud load balancer takes to
    /// stop sending to a deregistered target.
    /// </summary>
    public TimeSpan EndpointDelay { get; init; } = TimeSpan.FromSeconds(5);
}
