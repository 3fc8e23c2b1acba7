namespace Podvisor.Engine.Runtime;

/// <summary>
/// A container whose runtime, not the engine, knows which signal a plain stop delivers: a CRI runtime stops a
/// container with its image's <c>STOPSIGNAL</c>, else SIGTERM (containerd's <c>StopContainer</c>), and the image
/// catalog knows nothing of that image. The engine reports and sends this signal unless the spec's
/// <c>lifecycle.stopSignal</c> names one, which the runtime then delivers instead (kubelet 1.33+: CRI
/// <c>ContainerConfig.stop_signal</c>).
/// </summary>
public interface IRuntimeStopSignal
{
    /// <summary>The signal a stop delivers when the spec names none; null when the runtime cannot tell.</summary>
    int? DefaultStopSignal { get; }
}
