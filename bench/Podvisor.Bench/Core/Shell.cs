using System.Diagnostics;

namespace Podvisor.Bench.Core;

/// <summary>The output of a finished command.</summary>
internal sealed record ShellResult(int ExitCode, string Stdout, string Stderr, double WallMs)
{
    public ShellResult Check(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit {ExitCode}): {Stderr.Trim()} {Stdout.Trim()}".Trim());
        }

        return this;
    }
}

/// <summary>Runs a command to completion, with a time bound (the command is killed, with its group, if it overruns).</summary>
internal static class Shell
{
    public static async Task<ShellResult> Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var start = Clock.NowUs();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in {timeout}");
        }

        var wall = Clock.MsSince(start);
        return new ShellResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), wall);
    }

    public static Task<ShellResult> Run(string file, params string[] args) => Run(file, args, null);

    /// <summary>The first line of a version command, or "not found".</summary>
    public static async Task<string> Version(string file, params string[] args)
    {
        try
        {
            var result = await Run(file, args, null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var text = (result.Stdout + result.Stderr).Trim();
            return text.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
