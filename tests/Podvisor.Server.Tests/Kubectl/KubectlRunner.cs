using System.Diagnostics;
using System.Text;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>Runs the real kubectl against one server: its kubeconfig, and a private HOME (so a private discovery cache).</summary>
internal sealed class KubectlRunner(string kubeconfig, string home)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public string Kubeconfig { get; set; } = kubeconfig;

    public async Task<KubectlResult> RunAsync(string[] arguments, string? stdin = null, TimeSpan? timeout = null, string program = "kubectl")
    {
        using var process = Start(arguments, program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"kubectl {string.Join(' ', arguments)} did not finish in {timeout ?? DefaultTimeout}:\n{await stdout}\n{await stderr}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<KubectlResult> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null);

    /// <summary>Runs kubectl and insists on success.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments, stdin: null);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>
    /// Runs kubectl with a terminal of <paramref name="columns"/> × <paramref name="rows"/> as its stdin and stdout
    /// (util-linux <c>script</c> makes it), as a user's <c>kubectl exec -it</c> has; nothing is typed into it.
    /// </summary>
    public async Task<KubectlResult> RunInTerminalAsync(string[] arguments, int columns, int rows)
    {
        var command = string.Join(' ', arguments.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return await RunAsync(
            ["-qec", $"stty cols {columns} rows {rows}; exec kubectl {command}", "/dev/null"], stdin: null, timeout: null, program: "script");
    }

    /// <summary>Starts a long-running kubectl (get -w, logs -f); the caller kills it.</summary>
    public StreamingKubectl StartStreaming(params string[] arguments) => new(Start(arguments));

    /// <summary>As <see cref="StartStreaming"/>, with kubectl's stdin left open for the test to write and close.</summary>
    public StreamingKubectl StartWithInput(params string[] arguments) => new(Start(arguments), keepInput: true);

    private Process Start(string[] arguments, string program = "kubectl")
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUBECONFIG"] = Kubeconfig;
        start.Environment["HOME"] = home;
        return Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
    }
}
