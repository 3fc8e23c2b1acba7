using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>
/// A docker-registry on 127.0.0.1 and a free port, its config and storage in a temp directory; killed and reaped on
/// disposal. With an htpasswd file it asks for basic auth (distribution accepts that over plain HTTP).
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;

    private LocalRegistry(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The storage directory it serves.</summary>
    public static string StorageOf(string directory) => Path.Combine(directory, "storage");

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    /// <param name="storage">Another registry's storage to serve (read-only use); its own when null.</param>
    /// <param name="htpasswd">An htpasswd line (bcrypt) that the registry requires; none when null.</param>
    public static async Task<LocalRegistry> StartAsync(string directory, string? storage = null, string? htpasswd = null)
    {
        var port = FreePort();
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {storage ?? StorageOf(directory)}
            http:
              addr: 127.0.0.1:{port}
            """);
        if (htpasswd is not null)
        {
            var file = Path.Combine(directory, "htpasswd");
            await File.WriteAllTextAsync(file, htpasswd + "\n");
            await File.AppendAllTextAsync(config, $"""

                auth:
                  htpasswd:
                    realm: podvisor-test
                    path: {file}
                """);
        }

        var start = new ProcessStartInfo("docker-registry") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker-registry");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, $"127.0.0.1:{port}");
        using var client = new HttpClient();
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://{registry.Address}/v2/"));
                if (response.StatusCode == (htpasswd is null ? HttpStatusCode.OK : HttpStatusCode.Unauthorized))
                {
                    return registry;
                }
            }
            catch (HttpRequestException) when (Environment.TickCount64 < deadline && !process.HasExited)
            {
            }

            if (Environment.TickCount64 >= deadline || process.HasExited)
            {
                await registry.DisposeAsync();
                throw new InvalidOperationException("docker-registry did not answer on " + registry.Address);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }
}
