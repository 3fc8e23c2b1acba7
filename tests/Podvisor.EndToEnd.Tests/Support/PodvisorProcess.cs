using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Podvisor.EndToEnd.Tests.Support;

/// <summary>
/// One podvisor child process, as a user runs it. Started through <c>setsid</c> (and <c>env</c>, for a default SIGINT) so it leads its own session
/// and process group: signals sent to it reach podvisor alone (as <c>kill</c> would), and disposal can SIGKILL
/// the group and the session, containers included, even when a test failed half-way.
/// </summary>
internal sealed class PodvisorProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _stderr = [];
    private readonly StringBuilder _stdout = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly string? _ownedStateDirectory;
    private bool _stderrClosed;

    private PodvisorProcess(
        string executable, IReadOnlyList<string> arguments, string? standardInput, string? ownedStateDirectory, IReadOnlyList<string>? wrapper = null)
    {
        _ownedStateDirectory = ownedStateDirectory;
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // SIGINT as a terminal gives it (default), whatever this test run inherited: a shell starts a background job
        // with SIGINT ignored, and podvisor, like any program, keeps an inherited "ignore"; a Ctrl-C test would then
        // wait for a stop that never comes. The same for SIGQUIT.
        start.ArgumentList.Add("env");
        start.ArgumentList.Add("--default-signal=INT,QUIT");
        foreach (var word in wrapper ?? [])
        {
            start.ArgumentList.Add(word);
        }

        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain, stable output to match on, and stack traces in the test log if podvisor crashes.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["PODVISOR_DEBUG"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        Arguments = arguments;

        _stdoutPump = PumpAsync(_process.StandardOutput, line => _stdout.AppendLine(line));
        _stderrPump = PumpAsync(_process.StandardError, OnStderrLine);
        _ = WriteStandardInputAsync(standardInput);
    }

    public IReadOnlyList<string> Arguments { get; }

    public int ProcessId => _process.Id;

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

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Starts <c>podvisor run ARGS --state-dir TEMP</c>, with a fresh state directory removed on disposal.</summary>
    public static PodvisorProcess StartRun(PodvisorExecutable executable, IEnumerable<string> arguments, string? standardInput = null)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("podvisor-e2e-").FullName;
        return new PodvisorProcess(executable.Path, ["run", .. arguments, "--state-dir", stateDirectory], standardInput, stateDirectory);
    }

    /// <summary>
    /// <see cref="StartRun"/> with RLIMIT_NOFILE (soft and hard) set to <paramref name="openFiles"/> by util-linux's
    /// <c>prlimit</c>, which execs podvisor: the process id is podvisor's.
    /// </summary>
    public static PodvisorProcess StartRunWithOpenFileLimit(PodvisorExecutable executable, int openFiles, IEnumerable<string> arguments, string? standardInput = null)
    {
        Assert.True(File.Exists("/usr/bin/prlimit"), "this test needs util-linux's prlimit (apt-get install util-linux)");
        var stateDirectory = Directory.CreateTempSubdirectory("podvisor-e2e-").FullName;
        var limit = openFiles.ToString(CultureInfo.InvariantCulture);
        return new PodvisorProcess(
            executable.Path, ["run", .. arguments, "--state-dir", stateDirectory], standardInput, stateDirectory, ["/usr/bin/prlimit", $"--nofile={limit}:{limit}", "--"]);
    }

    /// <summary>Starts podvisor with exactly these arguments.</summary>
    public static PodvisorProcess Start(PodvisorExecutable executable, params string[] arguments) =>
        new(executable.Path, arguments, standardInput: null, ownedStateDirectory: null);

    public string StateDirectory => _ownedStateDirectory ?? throw new InvalidOperationException("not started with StartRun");

    /// <summary>Waits for a stderr line (already written or to come) that matches.</summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> matches, TimeSpan? timeout = null)
    {
        TaskCompletionSource<string> found = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stderr.FirstOrDefault(matches) is { } line)
            {
                return line;
            }

            if (!_stderrClosed)
            {
                _waiters.Add((matches, found));
            }
            else
            {
                found.TrySetException(new Xunit.Sdk.XunitException("podvisor closed stderr without a matching line."));
            }
        }

        try
        {
            return await found.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"no matching stderr line within {timeout ?? DefaultTimeout}.\n{Describe()}");
        }
    }

    public Task<string> WaitForStderrAsync(string contains, TimeSpan? timeout = null) =>
        WaitForStderrLineAsync(line => line.Contains(contains, StringComparison.Ordinal), timeout);

    /// <summary>Waits for the process to exit and for its output to be read to the end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"podvisor did not exit within {timeout ?? DefaultTimeout}.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends a signal to podvisor alone, as <c>kill -INT PID</c> from another terminal would.</summary>
    public Task SignalAsync(string signal) =>
        RunKillAsync("-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The arguments and everything podvisor wrote, for assertion messages.</summary>
    public string Describe() => $"podvisor {string.Join(' ', Arguments)}\n--- stderr ---\n{Stderr}\n--- stdout ---\n{Stdout}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var group = _process.Id.ToString(CultureInfo.InvariantCulture);
            // setsid made podvisor the leader of its own group and session: SIGKILL the group, then whatever
            // containers the runtime put in process groups of their own within that session.
            await RunKillAsync("-KILL", "--", "-" + group);
            await RunProcessAsync("pkill", "-KILL", "-s", group);
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _process.Dispose();
            if (_ownedStateDirectory is not null)
            {
                try
                {
                    Directory.Delete(_ownedStateDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A log file still being closed; the temp directory is cleaned up by the OS eventually.
                }
            }
        }
    }

    private void OnStderrLine(string line)
    {
        _stderr.Add(line);
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Matches(line))
            {
                _waiters[i].Found.TrySetResult(line);
                _waiters.RemoveAt(i);
            }
        }
    }

    private async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_gate)
                {
                    onLine(line);
                }
            }
        }
        finally
        {
            if (reader == _process.StandardError)
            {
                List<TaskCompletionSource<string>> orphaned;
                lock (_gate)
                {
                    _stderrClosed = true;
                    orphaned = [.. _waiters.Select(waiter => waiter.Found)];
                    _waiters.Clear();
                }

                foreach (var found in orphaned)
                {
                    found.TrySetException(new Xunit.Sdk.XunitException($"podvisor closed stderr without a matching line.\n{Describe()}"));
                }
            }
        }
    }

    private async Task WriteStandardInputAsync(string? text)
    {
        try
        {
            if (text is not null)
            {
                await _process.StandardInput.WriteAsync(text);
            }

            // Closed either way, so a run never waits on a terminal that is not there.
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // podvisor exited before reading its input (e.g. a usage error): the test sees that outcome.
        }
    }

    private static Task RunKillAsync(params string[] arguments) => RunProcessAsync("kill", arguments);

    private static async Task RunProcessAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }
}
