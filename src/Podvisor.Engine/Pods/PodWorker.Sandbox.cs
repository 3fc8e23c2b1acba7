using Podvisor.Engine.Events;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The pod's sandbox (kuberuntime_manager.go <c>SyncPod</c>: after volumes, before any container, a sandbox is
/// created; a terminated pod's sandbox is stopped and removed).
/// </summary>
internal sealed partial class PodWorker
{
    /// <summary>kubelet.go <c>backOffPeriod</c>: the pod worker's retry after a failed sync.</summary>
    private static readonly TimeSpan SandboxRetry = TimeSpan.FromSeconds(10);

    private IPodSandbox? _sandbox;

    /// <summary>The sandbox the pod's containers start in; set before the first pass.</summary>
    private IPodSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("A container was started before the pod's sandbox existed.");

    /// <summary>The kubelet's per-pod log directory: <c>&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt;</c> (kuberuntime_sandbox.go <c>BuildPodLogsDirectory</c>).</summary>
    private string PodLogDirectory => Path.Combine(_context.Options.StateDirectory, "pods", $"{Namespace}_{Name}_{_definition.Uid}");

    /// <summary>
    /// Returns once the sandbox exists or deletion was requested. A failure is a <c>FailedCreatePodSandBox</c>
    /// warning and another try after the pod worker's back-off; the pod stays Pending meanwhile.
    /// </summary>
    private async Task RunSandboxAsync()
    {
        var config = new PodSandboxConfig(Namespace, Name, _definition.Uid, PodLogDirectory, _pod.Spec.ShareProcessNamespace == true);
        while (true)
        {
            Task wait;
            try
            {
                _sandbox = await _context.Runtime.RunPodSandboxAsync(config, _passCancellation.Token).ConfigureAwait(false);
                return;
            }
            catch (PodSandboxException ex)
            {
                // The retry's timer exists before the warning is seen, so whoever reacts to it can move time past it.
                wait = Task.Delay(SandboxRetry, _context.Time, _passCancellation.Token);
                _journal.Event(null, EventType.Warning, EventReasons.FailedCreatePodSandBox, $"Failed to create pod sandbox: {ex.Message}");
                Publish();
            }
            catch (OperationCanceledException) when (_passCancellation.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_passCancellation.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Stops and removes the sandbox once; later calls do nothing.</summary>
    private async Task ReleaseSandboxAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            await sandbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}
