namespace Podvisor.Engine.Probes;

/// <summary>The words the kubelet uses for each probe type in its messages.</summary>
internal static class ProbeKindNames
{
    /// <summary>As in event messages: <c>Liveness probe failed: …</c>.</summary>
    public static string Title(this ProbeKind kind) => kind switch
    {
        ProbeKind.Startup => "Startup",
        ProbeKind.Liveness => "Liveness",
        ProbeKind.Readiness => "Readiness",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>As in the Killing message: <c>failed liveness probe</c>.</summary>
    public static string Lower(this ProbeKind kind) => kind.Title().ToLowerInvariant();
}
