using System.Diagnostics;
using System.Text;
using Podvisor.Runtime.Cri.Containerd;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>
/// <c>podvisor serve --runtime containerd --port 0</c> (the CLI built beside these tests) with its own containerd under a
/// data directory and the fixture's registry as the docker.io and registry.k8s.io mirror, plus the real kubectl pointed
/// at it. Disposal stops serve with SIGTERM (it stops its pods and containerd), SIGKILL after a bound (its guard then
/// removes containerd and every container), and reaps it.
/// </summary>
internal sealed class ServeOnContainerd : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _kubeconfig = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeOnContainerd(Process process)
    {
        _process = process;
        _ = PumpAsync(process.StandardOutput);
        _ = PumpAsync(process.StandardError);
    }

    public string Kubeconfig { get; private set; } = string.Empty;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServeOnContainerd> StartAsync(ContainerdFixture fixture)
    {
        if (ExecutableSearch.Find("kubectl") is null)
        {
            throw new InvalidOperationException("kubectl is missing: .ci/run installs it (kubectl 1.32 in /usr/local/bin)");
        }

        var data = Path.Combine(fixture.Directory, "serve-" + Guid.NewGuid().ToString("N")[..6]);
        var start = PodvisorCli.StartInfo(
            ["serve", "--runtime", "containerd", "--data-dir", data, "--port", "0",
             "--registry-mirror", $"docker.io=http://{fixture.Registry}", "--registry-mirror", $"registry.k8s.io=http://{fixture.Registry}"]);
        var serve = new ServeOnContainerd(Process.Start(start) ?? throw new InvalidOperationException("could not start podvisor serve"));
        try
        {
            serve.Kubeconfig = await serve._kubeconfig.Task.WaitAsync(StartLimit);
        }
        catch (TimeoutException)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"podvisor serve --runtime containerd printed no KUBECONFIG line in {StartLimit}:\n{serve.Output}");
        }

        return serve;
    }

    /// <summary>Starts kubectl against this server with its output collected and its stdin closed; the caller disposes it (which kills it if still running).</summary>
    public Kubectl Start(params string[] arguments) => Start(keepInput: false, arguments);

    /// <summary>As <see cref="Start(string[])"/>, with kubectl's stdin a pipe the test writes (<see cref="Kubectl.WriteInputAsync"/>) and closes.</summary>
    public Kubectl StartWithInput(params string[] arguments) => Start(keepInput: true, arguments);

    private Kubectl Start(bool keepInput, string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUBECONFIG"] = Kubeconfig;
        return new Kubectl(Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl"), keepInput);
    }

    /// <summary>Runs kubectl to its end (bounded) and fails with its output unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        using var kubectl = Start(arguments);
        var code = await kubectl.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)} exited {code}: {kubectl.Stdout}{kubectl.Stderr}\nserve said:\n{Output}");
        return kubectl.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        const string Export = "export KUBECONFIG=";
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.StartsWith(Export, StringComparison.Ordinal))
            {
                _kubeconfig.TrySetResult(line[Export.Length..]);
            }
        }
    }

    /// <summary>One kubectl child: stdout and stderr collected as they come; disposal kills and reaps it if it still runs.</summary>
    internal sealed class Kubectl : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly Task _pumps;

        public Kubectl(Process process, bool keepInput)
        {
            _process = process;
            if (!keepInput)
            {
                _process.StandardInput.Close();
            }

            _pumps = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
        }

        public string Stdout => Read(_stdout);

        public string Stderr => Read(_stderr);

        /// <summary>Writes to kubectl's stdin (started by <see cref="StartWithInput"/>) and flushes it.</summary>
        public async Task WriteInputAsync(string text)
        {
            await _process.StandardInput.WriteAsync(text);
            await _process.StandardInput.FlushAsync();
        }

        /// <summary>Closes kubectl's stdin: the EOF it then sends on as the end of the attach's input.</summary>
        public void CloseInput() => _process.StandardInput.Close();

        public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan limit)
        {
            await Polling.EventuallyAsync(() => condition(Stdout) || _pumps.IsCompleted, limit, TimeSpan.FromMilliseconds(50), () => $"kubectl printed:\n{Stdout}{Stderr}");
            Assert.True(condition(Stdout), $"kubectl ended before its output matched:\n{Stdout}{Stderr}");
        }

        public async Task<int> WaitForExitAsync(TimeSpan limit)
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
            await _pumps;
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private static string Read(StringBuilder text)
        {
            lock (text)
            {
                return text.ToString();
            }
        }

        private static async Task Pump(StreamReader reader, StringBuilder text)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (text)
                {
                    text.Append(buffer, 0, read);
                }
            }
        }
    }
}
