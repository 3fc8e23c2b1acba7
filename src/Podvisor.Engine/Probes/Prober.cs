using Podvisor.Engine.Planning;
using Podvisor.Engine.Pods;

namespace Podvisor.Engine.Probes;

/// <summary>
/// One probe worker per (container, probe kind), as the kubelet's <c>prober/worker.go</c>: a ticker every
/// <c>periodSeconds</c> from pod admission; each tick probes the target the pod worker last published
/// (skipping it while there is none, during <c>initialDelaySeconds</c>, or while the previous attempt still
/// runs), records the attempt's events and posts the outcome to the pod worker's inbox. The pod worker owns
/// everything else: thresholds, gating and their effects, in its own <see cref="ProbeState"/> per probe.
/// </summary>
internal sealed class Prober : IDisposable
{
    private readonly ContainerDefinition _container;
    private readonly IProbeRunner _runner;
    private readonly TimeProvider _time;
    private readonly Action<PodMessage> _post;
    private readonly Action<ProbeDefinition, ProbeOutcome> _report;
    private readonly CancellationTokenSource _stopped = new();
    private readonly ITimer _ticker;
    private ProbeTarget? _target;
    private int _inFlight;

    /// <param name="report">Records an attempt's events at once, from the prober's thread, as the kubelet's prober does.</param>
    public Prober(ProbeDefinition probe, ContainerDefinition container, IProbeRunner runner, TimeProvider time, Action<PodMessage> post, Action<ProbeDefinition, ProbeOutcome> report)
    {
        _report = report;
        Probe = probe;
        _container = container;
        _runner = runner;
        _time = time;
        _post = post;
        _ticker = time.CreateTimer(_ => Tick(), null, probe.Period, probe.Period);
    }

    public ProbeDefinition Probe { get; }

    public ProbeKind Kind => Probe.Kind;

    public ContainerDefinition Container => _container;

    /// <summary>Sets what the next ticks probe; null pauses probing. Called by the pod worker only.</summary>
    public void Target(ProbeTarget? target) => Volatile.Write(ref _target, target);

    /// <summary>Probes now, out of band (kubelet <c>manualTriggerCh</c>), with the same rules as a tick.</summary>
    public void Trigger() => Tick();

    public void Dispose()
    {
        _ticker.Dispose();

        // Cancelled, never disposed: an attempt still in flight may read the token afterwards.
        _stopped.Cancel();
    }

    private void Tick()
    {
        var target = Volatile.Read(ref _target);
        if (target is null || _stopped.IsCancellationRequested)
        {
            return;
        }

        // The kubelet compares whole seconds since the container started with initialDelaySeconds.
        var since = Math.Floor((_time.GetUtcNow() - target.StartedAt).TotalSeconds);
        if (since < Probe.InitialDelay.TotalSeconds)
        {
            return;
        }

        // The kubelet's worker probes synchronously, so a tick that comes during an attempt is dropped.
        if (Interlocked.Exchange(ref _inFlight, 1) == 1)
        {
            return;
        }

        _ = RunAsync(target);
    }

    private async Task RunAsync(ProbeTarget target)
    {
        ProbeOutcome outcome;
        try
        {
            outcome = await _runner.RunAsync(Probe, _container, target, _stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            Volatile.Write(ref _inFlight, 0);
        }

        _report(Probe, outcome);
        _post(new PodMessage.ProbeCompleted(_container.Index, Probe.Kind, target.ContainerId, outcome, _time.GetUtcNow()));
    }
}
