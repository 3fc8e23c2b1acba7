using Podvisor.Engine.Http;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Hooks;

/// <summary>
/// The kubelet's hook handler runner: exec in the container's context, one HTTP GET that is never retried
/// and succeeds whatever its status code, or a sleep. No timeouts: a hook runs until it returns or its
/// caller stops waiting (kubelet: exec with timeout 0, an HTTP client without request timeout).
/// </summary>
internal sealed class HookRunner(HttpClient http, TimeProvider time) : IHookRunner
{
    /// <summary>kubelet <c>lifecycle</c> User-Agent; the minor version follows the Kubernetes we mirror.</summary>
    public const string UserAgent = "kube-lifecycle/1.32";

    public async Task<HookResult> RunAsync(HookHandler handler, HookContext context, CancellationToken cancellationToken)
    {
        switch (handler)
        {
            case ExecHookHandler exec:
                return await RunExecAsync(exec, context, cancellationToken).ConfigureAwait(false);
            case HttpGetHookHandler httpGet:
                return await RunHttpGetAsync(httpGet, context, cancellationToken).ConfigureAwait(false);
            case SleepHookHandler sleep:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(sleep.Seconds), time, cancellationToken).ConfigureAwait(false);
                    return HookResult.Success(new SleepHookOutput(TimeSpan.FromSeconds(sleep.Seconds)));
                }
                catch (OperationCanceledException)
                {
                    return HookResult.Failure(
                        HookMessages.Sleep(sleep, context, "container terminated before sleep hook finished"),
                        new SleepHookOutput(TimeSpan.FromSeconds(sleep.Seconds)));
                }

            case UnsupportedHookHandler unsupported:
                return HookResult.Failure($"Cannot run handler: invalid handler: {unsupported.Kind}");
            default:
                throw new InvalidOperationException($"unknown hook handler {handler.GetType().Name}");
        }
    }

    private static async Task<HookResult> RunExecAsync(ExecHookHandler exec, HookContext context, CancellationToken cancellationToken)
    {
        try
        {
            var result = await context.Instance.ExecAsync(exec.Command, timeout: null, cancellationToken).ConfigureAwait(false);
            var (output, truncated) = CappedText.Cap(result.Output, HookOutput.MaxBytes);
            var recorded = new ExecHookOutput(result.ExitCode, output, truncated);
            if (result.ExitCode == 0)
            {
                return HookResult.Success(recorded);
            }

            // The kubelet's message keeps all the output the runtime returned; only the recorded copy is capped.
            var error = $"command '{string.Join(' ', exec.Command)}' exited with {result.ExitCode}: {result.Output}";
            return HookResult.Failure(HookMessages.Exec(exec, context, error, result.Output), recorded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HookResult.Failure(HookMessages.Exec(exec, context, ex.Message, string.Empty), new ExecHookOutput(null, string.Empty, false));
        }
    }

    private async Task<HookResult> RunHttpGetAsync(HttpGetHookHandler handler, HookContext context, CancellationToken cancellationToken)
    {
        if (!TryBuildUri(handler, context, out var uri, out var error))
        {
            return HookResult.Failure(HookMessages.HttpGet(handler, context, error), NoResponse);
        }

        using var request = KubeletHttpGet.CreateRequest(uri, UserAgent, handler.Headers);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // The kubelet reads at most 10 KiB of the body (handlers.go getHttpRespBody, maxRespBodyLength) and ignores
            // the status code entirely; one byte more tells whether the body went on.
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[HookOutput.MaxBytes + 1];
            var read = 0;
            int count;
            while (read < buffer.Length && (count = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += count;
            }

            var (text, truncated) = CappedText.Decode(buffer.AsSpan(0, read), HookOutput.MaxBytes);
            return HookResult.Success(new HttpGetHookOutput((int)response.StatusCode, text, truncated));
        }
        catch (HttpRequestException ex)
        {
            return HookResult.Failure(HookMessages.HttpGet(handler, context, GoStyleError(uri, ex)), NoResponse);
        }
    }

    private static HttpGetHookOutput NoResponse => new(null, string.Empty, false);

    private static bool TryBuildUri(HttpGetHookHandler handler, HookContext context, out Uri uri, out string error)
    {
        uri = null!;
        return NamedPorts.TryResolve(handler.Port, context.Container.Spec, out var port, out error)
            && KubeletHttpGet.TryBuildUrl(handler.Scheme, handler.Host, context.PodIp, port, handler.Path, out uri, out error);
    }

    private static string GoStyleError(Uri uri, HttpRequestException ex)
    {
        var inner = ex.InnerException?.Message ?? ex.Message;
        if (ex.HttpRequestError == HttpRequestError.ConnectionError && inner.Contains("refused", StringComparison.OrdinalIgnoreCase))
        {
            inner = "connect: connection refused";
            return $"Get \"{uri}\": dial tcp {uri.Host}:{uri.Port}: {inner}";
        }

        return $"Get \"{uri}\": {inner}";
    }
}
