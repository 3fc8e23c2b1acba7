using System.Diagnostics;
using System.Net;

namespace Podvisor.Cli.Rollout;

/// <summary>
/// Steady HTTP GET load at a fixed rate, each request on a new connection (<c>Connection: close</c>), so the Service
/// proxy routes every request as a new flow, as a load balancer spreads new connections; records every outcome.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Task<RequestRecord>> _requests = [];
    private Task? _loop;

    public LoadGenerator(Uri target, int rate, TimeProvider time)
    {
        _target = target;
        _interval = TimeSpan.FromSeconds(1.0 / rate);
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = RolloutOptions.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Stops sending, waits for the requests in flight (each bounded by its timeout) and returns every outcome.</summary>
    public async Task<IReadOnlyList<RequestRecord>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        Task<RequestRecord>[] all;
        lock (_gate)
        {
            all = [.. _requests];
        }

        return [.. (await Task.WhenAll(all).ConfigureAwait(false)).OrderBy(r => r.SentAt)];
    }

    /// <summary>One request, for the readiness check before the load starts.</summary>
    public Task<RequestRecord> SendOnceAsync() => SendAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                var request = SendAsync();
                lock (_gate)
                {
                    _requests.Add(request);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task<RequestRecord> SendAsync()
    {
        var sentAt = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RolloutOptions.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _target) { Version = HttpVersion.Version11 };
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            return new RequestRecord(sentAt, clock.Elapsed, RequestClassifier.ForStatus((int)response.StatusCode));
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            return new RequestRecord(sentAt, clock.Elapsed, RequestClassifier.ForException(exception, timeout.IsCancellationRequested));
        }
    }
}
