namespace Podvisor.Engine.Pods;

/// <summary>Node-level settings of the engine.</summary>
public sealed record EngineOptions
{
    /// <summary>The node name pods are bound to (<c>spec.nodeName</c>, event source host).</summary>
    public string NodeName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The pod IP; every pod shares the host's network, reachable on loopback.</summary>
    public string PodIp { get; init; } = "127.0.0.1";

    /// <summary>Where container logs (CRI format) and other per-pod state are written.</summary>
    public string StateDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "podvisor");

    /// <summary>Faults to inject on purpose (<c>podvisor run --chaos</c>); none by default.</summary>
    public Chaos.ChaosFaults Chaos { get; init; }
}
