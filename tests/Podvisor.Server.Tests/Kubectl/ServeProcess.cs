using System.Diagnostics;
using System.Text;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// One <c>podvisor serve --port 0</c> child on a data dir, started through <c>setsid</c> so that signals reach
/// it alone. Disposal SIGKILLs it and everything under it, even when a test failed half-way.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _kubeconfig = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        _ = PumpAsync(process.StandardOutput, stdout: true);
        _ = PumpAsync(process.StandardError, stdout: false);
    }

    public int ProcessId => _process.Id;

    public string Kubeconfig { get; private set; } = string.Empty;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServeProcess> StartAsync(string executable, string dataDirectory)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { executable, "serve", "--data-dir", dataDirectory, "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PODVISOR_DEBUG"] = "1";
        var serve = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("setsid did not start"));
        try
        {
            serve.Kubeconfig = await serve._kubeconfig.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await serve.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"podvisor serve printed no KUBECONFIG line in {StartTimeout}:\n{serve.Output}");
        }

        return serve;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessTree.KillLeavingItsGuardToCleanUpAsync(_process, TimeSpan.FromSeconds(20));
        }

        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, bool stdout)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }

            const string Export = "export KUBECONFIG=";
            if (stdout && line.StartsWith(Export, StringComparison.Ordinal))
            {
                _kubeconfig.TrySetResult(line[Export.Length..]);
            }
        }
    }
}
