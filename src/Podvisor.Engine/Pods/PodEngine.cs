using k8s.Models;
using Podvisor.Engine.Images;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The engine's front door: admits pods (one worker each), deletes them as the API would, and
/// reports completion. Both <c>podvisor run</c> and <c>podvisor serve</c> drive it.
/// </summary>
internal sealed class PodEngine : IAsyncDisposable
{
    public PodEngine(IContainerRuntime runtime, IImageCatalog images, IEngineObserver observer, EngineOptions options, TimeProvider time)
    {
        _ = (runtime, images, observer, options, time);
    }

    /// <summary>Starts running a validated, defaulted pod.</summary>
    public void Admit(V1Pod pod) => throw new NotImplementedException();

    /// <summary>
    /// Requests graceful deletion as <c>DELETE .../pods/NAME</c> would: <paramref name="gracePeriodSeconds"/>
    /// overrides the pod's <c>terminationGracePeriodSeconds</c> (it may only shorten an earlier one); 0 kills at once.
    /// Returns once the deletion is recorded, not when the pod is gone.
    /// </summary>
    public void Delete(string podNamespace, string name, long? gracePeriodSeconds = null) => throw new NotImplementedException();

    /// <summary>Deletes every pod (see <see cref="Delete"/>).</summary>
    public void DeleteAll(long? gracePeriodSeconds = null) => throw new NotImplementedException();

    /// <summary>Completes when every pod is terminal and nothing will restart, or was deleted and is gone.</summary>
    public Task WhenAllSettled => throw new NotImplementedException();

    /// <summary>The latest snapshot of every pod admitted, in admission order (deleted ones with their final status).</summary>
    public IReadOnlyList<V1Pod> Pods => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
