using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Tools;

/// <summary>
/// One <c>docker-registry</c> (distribution 2.x) on 127.0.0.1 at a free port, its data in a directory of the run:
/// every image both tools pull comes from it, so neither pull leaves the machine. Disposal kills and reaps it.
/// </summary>
internal sealed class LoopbackRegistry : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";

    private readonly Process _process;

    private LoopbackRegistry(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public int Port { get; }

    /// <summary>host:port, as build.sh's <c>--registry</c> and podman's mirror location want it.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>A client whose base address is the registry (for the distribution API: <c>v2/…</c>).</summary>
    public HttpClient Http { get; }

    public static async Task<LoopbackRegistry> Start(string dir)
    {
        var port = FreePort();
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "registry.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"version: 0.1\nlog: {{level: error}}\nstorage: {{filesystem: {{rootdirectory: {Path.Combine(dir, "data")}}}}}\nhttp: {{addr: 127.0.0.1:{port}}}\n")).ConfigureAwait(false);
        var info = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker-registry");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LoopbackRegistry(process, port);
        var answering = false;
        var bound = Stopwatch.StartNew();
        while (!answering && bound.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
        {
            answering = await registry.Answers().ConfigureAwait(false);
            if (!answering)
            {
                await Clock.Delay(50).ConfigureAwait(false);
            }
        }

        if (!answering)
        {
            await registry.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"docker-registry did not answer on 127.0.0.1:{port} within 30 s");
        }

        return registry;
    }

    /// <summary>examples/images/build.sh --only busybox: busybox:1.36 (and its other tags) from Debian's busybox-static, offline.</summary>
    public async Task PushBusybox(string repoDir) =>
        (await Shell.Run(Path.Combine(repoDir, "examples", "images", "build.sh"), ["--only", "busybox", "--registry", Address], timeout: TimeSpan.FromMinutes(3)).ConfigureAwait(false))
            .Check("examples/images/build.sh --only busybox");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task<bool> Answers()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("v2/", UriKind.Relative)).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
