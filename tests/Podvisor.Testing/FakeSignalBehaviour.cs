namespace Podvisor.Testing;

internal enum FakeSignalBehaviour
{
    /// <summary>Dies of the first signal it gets (143 for SIGTERM).</summary>
    ExitOnStopSignal,

    /// <summary>Ignores everything but SIGKILL, like <c>trap "" TERM</c>.</summary>
    IgnoreStopSignal,
}
