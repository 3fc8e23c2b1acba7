using System.Runtime.ExceptionServices;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// One call run on another thread while the caller waits for its result or its exception. It waits with a lock and a
/// pulse, which create no thread and no descriptor: what a private thread may use (<see cref="HostCompleter"/>).
/// </summary>
internal sealed class Handoff<T>
{
    // A plain object: Monitor's wait and pulse do not work on System.Threading.Lock.
    private readonly object _gate = new();
    private bool _done;
    private T _result = default!;
    private ExceptionDispatchInfo? _failure;

    /// <summary>On the other thread: runs <paramref name="work"/> and wakes the waiter, whatever it ends with.</summary>
    public void Run(Func<T> work)
    {
        try
        {
            _result = work();
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            lock (_gate)
            {
                _done = true;
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>On the calling thread: the result, or the exception rethrown with its original stack.</summary>
    public T Wait()
    {
        lock (_gate)
        {
            while (!_done)
            {
                Monitor.Wait(_gate);
            }
        }

        _failure?.Throw();
        return _result;
    }
}
