namespace Podvisor.Engine.Probes;

/// <summary>The three probe types of a container (kubelet <c>prober/worker.go probeType</c>).</summary>
internal enum ProbeKind
{
    Startup,
    Liveness,
    Readiness,
}
