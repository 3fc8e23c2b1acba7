using System.Diagnostics;
using Grpc.Core;
using Podvisor.Runtime.Cri.Api;

namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>
/// A containerd that podvisor starts, owns and stops. It runs under a guard script (<c>guard.sh</c>) in its own
/// session, so Ctrl-C at the terminal reaches podvisor only; the guard holds a pipe from podvisor and, when podvisor
/// exits or is killed, stops containerd and kills every container and shim it left. A lock file keeps two podvisors
/// off one directory.
/// </summary>
internal sealed class ContainerdHost : IAsyncDisposable
{
    public const string InstallHint = "apt-get install containerd runc";

    private readonly Process _guard;
    private readonly FileStream _lock;
    private readonly TimeProvider _time;
    private int _disposed;

    private ContainerdHost(ContainerdLayout layout, Process guard, FileStream lockFile, CriConnection connection, string runtimeName, TimeProvider time)
    {
        RuntimeName = runtimeName;
        Layout = layout;
        _guard = guard;
        _lock = lockFile;
        Connection = connection;
        _time = time;
    }

    public ContainerdLayout Layout { get; }

    public CriConnection Connection { get; }

    /// <summary>What CRI's Version called the runtime (<c>containerd</c>).</summary>
    public string RuntimeName { get; }

    /// <summary>The guard's process id (tests check it is gone).</summary>
    public int GuardProcessId => _guard.Id;

    public static async Task<ContainerdHost> StartAsync(ContainerdOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var containerd = ExecutableSearch.Find("containerd");
        if (containerd is null || ExecutableSearch.Find("runc") is null || ExecutableSearch.Find("ctr") is null)
        {
            throw new InvalidOperationException($"--runtime containerd needs containerd, ctr and runc on PATH: {InstallHint}");
        }

        var layout = new ContainerdLayout(Path.GetFullPath(options.Directory));
        Directory.CreateDirectory(layout.Directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(layout.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"another podvisor runs the containerd in {layout.Directory}; give this one its own --state-dir");
        }

        Process? guard = null;
        CriConnection? connection = null;
        try
        {
            ContainerdConfig.Write(layout, options.Mirrors, PauseImage.Name);
            await using (var script = typeof(ContainerdHost).Assembly.GetManifestResourceStream("Podvisor.Runtime.Cri.Containerd.guard.sh")
                ?? throw new InvalidOperationException("guard.sh is missing from the assembly"))
            await using (var file = File.Create(layout.GuardScript))
            {
                await script.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            guard = StartGuard(layout, containerd);
            connection = new CriConnection(new CriEndpoint(layout.Socket));
            var version = await WaitUntilReadyAsync(connection, guard, layout, options.StartTimeout, time, cancellationToken).ConfigureAwait(false);
            await PauseImageImport.EnsureAsync(connection, layout, time, cancellationToken).ConfigureAwait(false);
            await RemoveLeftoverSandboxesAsync(connection, cancellationToken).ConfigureAwait(false);
            return new ContainerdHost(layout, guard, lockFile, connection, version.RuntimeName, time);
        }
        catch
        {
            connection?.Dispose();
            if (guard is not null)
            {
                await StopGuardAsync(guard, time).ConfigureAwait(false);
            }

            await lockFile.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Process StartGuard(ContainerdLayout layout, string containerd)
    {
        var setsid = ExecutableSearch.Find("setsid");
        var start = new ProcessStartInfo
        {
            FileName = setsid ?? "/bin/sh",
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add(layout.GuardScript);
        start.ArgumentList.Add(layout.Directory);
        start.ArgumentList.Add(containerd);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start containerd's guard");
    }

    private static async Task<VersionResponse> WaitUntilReadyAsync(CriConnection connection, Process guard, ContainerdLayout layout, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + limit;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(layout.Socket))
            {
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, cancellationToken);
                    return await connection.VersionAsync(linked.Token).ConfigureAwait(false);
                }
                catch (RpcException) when (time.GetUtcNow() < deadline)
                {
                    // Listening but the CRI plugin is not up yet.
                }
            }

            if (guard.HasExited || time.GetUtcNow() >= deadline || ContainerdExited(layout))
            {
                throw new InvalidOperationException($"containerd did not start (see {layout.Log}): {LastLine(layout.Log)}");
            }

            // containerd answers ≈ 25–50 ms after its exec here: a 20 ms poll added 10 ms on average to every start.
            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool ContainerdExited(ContainerdLayout layout)
    {
        var pidFile = Path.Combine(layout.Directory, "containerd.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && !Directory.Exists($"/proc/{pid}");
    }

    private static string LastLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).LastOrDefault(line => line.Length > 0) ?? "no output" : "no output";
        }
        catch (IOException)
        {
            return "no output";
        }
    }

    /// <summary>Sandboxes an earlier, killed podvisor left in this containerd's metadata: nothing may run them now.</summary>
    private static async Task RemoveLeftoverSandboxesAsync(CriConnection connection, CancellationToken cancellationToken)
    {
        var list = await connection.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var sandbox in list.Items)
        {
            await connection.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await connection.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task StopGuardAsync(Process guard, TimeProvider time)
    {
        try
        {
            // EOF on the guard's stdin: it stops containerd (SIGTERM, then SIGKILL after 5 s) and kills what is left.
            guard.StandardInput.Close();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15), time);
            await guard.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            guard.Kill();
            await guard.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            guard.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Connection.Dispose();
        await StopGuardAsync(_guard, _time).ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
    }
}
