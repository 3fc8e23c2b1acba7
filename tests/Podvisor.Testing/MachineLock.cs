namespace Podvisor.Testing;

/// <summary>
/// A machine-wide lock for a host resource that tests cannot choose, because the seed's verbatim manifests name it: port
/// 8080 (and the probes example's 18080) of the host's network in both runtimes, and the host's /tmp/postStart-done.
/// <c>dotnet test</c> runs the test assemblies (end-to-end, CRI, process runtime) at the same time, so one test's preStop
/// call could reach another test's app, or one test could remove the file another one planted. An exclusive lock on a
/// file under the temp directory (.NET takes <c>flock</c> for <see cref="FileShare.None"/>), held until disposed. The
/// file stays: removing it while another process waits on it would let two holders in.
/// </summary>
internal sealed class MachineLock : IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);
    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    /// <summary>The lock of a host port the tests cannot choose.</summary>
    public static Task<MachineLock> ForPortAsync(int port, TimeSpan timeout) => AcquireAsync($"port-{port}", timeout);

    /// <summary>The lock of the host's /tmp/postStart-done, the seed's marker file.</summary>
    public static Task<MachineLock> ForHostPostStartFileAsync(TimeSpan timeout) => AcquireAsync("tmp-postStart-done", timeout);

    private static async Task<MachineLock> AcquireAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), $"podvisor-test-{name}.lock");
        FileStream? held = null;
        var acquired = await Polling.UntilAsync(() => (held = TryLock(path)) is not null, timeout, Retry);
        return acquired && held is not null
            ? new MachineLock(held)
            : throw new TimeoutException($"{name} stayed taken by another test run for {timeout} ({path} locked)");
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
