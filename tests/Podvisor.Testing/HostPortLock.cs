namespace Podvisor.Testing;

/// <summary>
/// A machine-wide lock for a host port that tests cannot choose: the seed's verbatim manifests listen on 8080 of the
/// host's network in both runtimes, and <c>dotnet test</c> runs the test assemblies (end-to-end and CRI) at the same
/// time, so one test's preStop call could reach another test's app. An exclusive lock on a file under the temp
/// directory (.NET takes <c>flock</c> for <see cref="FileShare.None"/>), held until disposed. The file stays: removing
/// it while another process waits on it would let two holders in.
/// </summary>
internal sealed class HostPortLock : IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);
    private readonly FileStream _file;

    private HostPortLock(FileStream file) => _file = file;

    public static async Task<HostPortLock> AcquireAsync(int port, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), $"podvisor-test-port-{port}.lock");
        FileStream? held = null;
        var acquired = await Polling.UntilAsync(() => (held = TryLock(path)) is not null, timeout, Retry);
        return acquired && held is not null
            ? new HostPortLock(held)
            : throw new TimeoutException($"host port {port} stayed taken by another test run for {timeout} ({path} locked)");
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
