using System.Globalization;
using Podvisor.Server.Security;

namespace Podvisor.Server.Hosting;

/// <summary>
/// One <c>serve</c> per data dir: an exclusive lock on <c>serve.lock</c> held for the server's life (released by
/// the kernel even on SIGKILL), and <c>serve.pid</c> naming the holder's PID and URL for the message a second
/// server prints. Two servers on one store would run every pod twice and fight over the kubeconfig.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _ownerPath;

    private DataDirectoryLock(FileStream held, string ownerPath)
    {
        _lock = held;
        _ownerPath = ownerPath;
    }

    /// <exception cref="InvalidOperationException">Another server holds the data dir; the message names it.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var ownerPath = Path.Combine(dataDirectory, "serve.pid");
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second holder is refused, a dead one frees it.
            var held = new FileStream(Path.Combine(dataDirectory, "serve.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataDirectoryLock(held, ownerPath);
        }
        catch (IOException)
        {
            var owner = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : string.Empty;
            var who = owner.Split(' ', 2) is [var pid, var url] ? $"PID {pid}, serving {url}" : "still starting";
            throw new InvalidOperationException($"another podvisor serve ({who}) is using the data dir {dataDirectory}: stop it first, or pass another --data-dir");
        }
    }

    /// <summary>Records this server as the holder, once its URL (and port) is known.</summary>
    public void Record(Uri url) =>
        PrivateFile.Write(_ownerPath, $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} {url.ToString().TrimEnd('/')}\n");

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
            // Only informational; the lock below is what counts.
        }

        _lock.Dispose();
    }
}
