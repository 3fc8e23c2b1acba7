using Podvisor.Engine.Events;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Pods;

/// <summary>Volume setup before any container starts (kubelet <c>WaitForAttachAndMount</c>), retried with the volume manager's back-off.</summary>
internal sealed partial class PodWorker
{
    private static readonly TimeSpan FirstMountRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxMountRetry = TimeSpan.FromSeconds(122);

    /// <summary>
    /// Returns once every volume is set up or deletion was requested. Until then no container starts:
    /// the pod stays Pending, its containers Waiting in ContainerCreating/PodInitializing, and each
    /// failed attempt is a FailedMount warning.
    /// </summary>
    private async Task MountVolumesAsync()
    {
        var host = _context.Runtime as IHostPaths ?? PortableHostPaths.Instance;
        var retry = FirstMountRetry;
        while (_volumes.SetUp(host) is { } failure)
        {
            _events.Record(null, EventType.Warning, EventReasons.FailedMount, failure);
            Publish();
            try
            {
                await Task.Delay(retry, _context.Time, _passCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_passCancellation.IsCancellationRequested)
            {
                return;
            }

            retry = retry * 2 > MaxMountRetry ? MaxMountRetry : retry * 2;
        }
    }
}
