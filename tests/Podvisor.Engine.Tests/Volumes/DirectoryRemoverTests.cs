using System.Collections.Concurrent;
using Podvisor.Engine.Volumes;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Volumes;

/// <summary>
/// Pod directories are removed off the thread pool: a removal blocked in the file system must not hold the caller
/// (a pod worker on a pool thread) nor any pool thread, so other pods' exits keep reaching their workers.
/// </summary>
public sealed class DirectoryRemoverTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly string _root = Directory.CreateTempSubdirectory("podvisor-remover-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task RemoveAsync_ReturnsAtOnceWhileRemovalsBlock_AndRemovesEachOnItsOwnThreads()
    {
        using var release = new ManualResetEventSlim();
        var removed = new ConcurrentQueue<(string Path, bool OnPool)>();
        var started = 0;
        using var remover = new DirectoryRemover(path =>
        {
            Interlocked.Increment(ref started);
            release.Wait(Bound);
            removed.Enqueue((path, Thread.CurrentThread.IsThreadPoolThread));
        });
        var paths = Enumerable.Range(0, 20).Select(i => $"pod-{i}").ToList();

        // Every call returns with its removal still to come: none waited for the blocked file system.
        var tasks = paths.Select(remover.RemoveAsync).ToList();
        await Polling.EventuallyAsync(() => Volatile.Read(ref started) == DirectoryRemover.Threads, Bound, TimeSpan.FromMilliseconds(5),
            () => $"{Volatile.Read(ref started)} removals under way");
        Assert.All(tasks, task => Assert.False(task.IsCompleted));
        Assert.Equal(DirectoryRemover.Threads, Volatile.Read(ref started));

        release.Set();
        await Task.WhenAll(tasks).WaitAsync(Bound);

        Assert.Equal(paths.Count, removed.Count);
        Assert.DoesNotContain(removed, r => r.OnPool);
        Assert.Equal(paths.Order(StringComparer.Ordinal), removed.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RemoveAsync_DeletesTheTree_AndCompletesOnlyOnceItIsGone()
    {
        using var remover = new DirectoryRemover();
        var pod = Path.Combine(_root, "uid-1");
        Directory.CreateDirectory(Path.Combine(pod, "containers", "app", "abc", "tmp"));
        File.WriteAllText(Path.Combine(pod, "containers", "app", "abc", "tmp", "file"), "x");

        await remover.RemoveAsync(pod).WaitAsync(Bound);

        Assert.False(Directory.Exists(pod));
        // A directory that is already gone is no error.
        await remover.RemoveAsync(pod).WaitAsync(Bound);
    }

    [Fact]
    public void RemoveAsync_AfterDispose_RemovesOnTheCallersThread()
    {
        var remover = new DirectoryRemover();
        remover.Dispose();
        var pod = Path.Combine(_root, "uid-2");
        Directory.CreateDirectory(Path.Combine(pod, "volumes"));

        var task = remover.RemoveAsync(pod);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.False(Directory.Exists(pod));
    }
}
