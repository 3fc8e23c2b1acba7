using Podvisor.Engine.Runtime;

namespace Podvisor.Cli.Run;

/// <summary>
/// The container runtime of a run, started on another thread while this one decodes and admits the manifests: the
/// process runtime's set-up (its threads, the leak guard's shell) or a containerd's start then overlaps the decoding
/// instead of following it. The runtime's warnings wait until the run has its live view, so the output reads as
/// before. Input that turns out to be bad wins: the runtime is then stopped, and any failure of its start is not
/// reported, as it was never reached before.
/// </summary>
internal sealed class RuntimeStart
{
    private readonly Task<IContainerRuntime> _runtime;
    private readonly List<string> _warnings = [];
    private readonly Lock _gate = new();
    private bool _taken;

    private RuntimeStart(Func<Action<string>, Task<IContainerRuntime>> create)
    {
        _runtime = Task.Run(() => create(Warn));
    }

    /// <summary>Starts <paramref name="create"/> at once on the thread pool; it gets the warning sink to call.</summary>
    public static RuntimeStart Begin(Func<Action<string>, Task<IContainerRuntime>> create) => new(create);

    /// <summary>
    /// The started runtime, now the caller's to dispose; its warnings are handed to <paramref name="warn"/> first, in
    /// the order they came. A failed start throws its exception here.
    /// </summary>
    public async Task<IContainerRuntime> TakeAsync(Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        var runtime = await _runtime.ConfigureAwait(false);
        _taken = true;
        string[] warnings;
        lock (_gate)
        {
            warnings = [.. _warnings];
        }

        foreach (var warning in warnings)
        {
            warn(warning);
        }

        return runtime;
    }

    /// <summary>
    /// Unless <see cref="TakeAsync"/> handed the runtime over, the run ended before using it (bad input, or an exception):
    /// stop it, and let its start's failure go unreported.
    /// </summary>
    public async Task AbandonUnlessTakenAsync()
    {
        if (_taken)
        {
            return;
        }

        IContainerRuntime runtime;
        try
        {
            runtime = await _runtime.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to start is moot: the run already failed on its input, which is what it reports.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        await runtime.DisposeAsync().ConfigureAwait(false);
    }

    private void Warn(string warning)
    {
        lock (_gate)
        {
            _warnings.Add(warning);
        }
    }
}
