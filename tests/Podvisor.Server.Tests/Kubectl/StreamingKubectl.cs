using System.Diagnostics;
using System.Text;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>A kubectl that keeps printing (get -w, logs -f); lines are collected and can be awaited.</summary>
internal sealed class StreamingKubectl : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly Lock _gate = new();
    private readonly Task _pump;

    /// <param name="keepInput">Leave kubectl's stdin open for <see cref="WriteInputAsync"/> and <see cref="CloseInput"/>.</param>
    public StreamingKubectl(Process process, bool keepInput = false)
    {
        _process = process;
        if (!keepInput)
        {
            _process.StandardInput.Close();
        }

        _pump = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_gate)
                {
                    _stdout.AppendLine(line);
                }
            }
        });
    }

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? KubectlRunner.DefaultTimeout);
        while (!condition(Stdout))
        {
            if (DateTimeOffset.UtcNow > deadline || _pump.IsCompleted)
            {
                Assert.Fail($"kubectl output never matched; it was:\n{Stdout}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes to kubectl's stdin and flushes it.</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes kubectl's stdin: the EOF it sends on as the end of its input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for kubectl to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? KubectlRunner.DefaultTimeout);
        await _pump;
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
}
