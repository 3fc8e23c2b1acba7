using System.Collections.Concurrent;
using Podvisor.Engine.Probes;

namespace Podvisor.Testing;

/// <summary>Scripted network probes: every call is recorded; the answer comes from <see cref="Answer"/>.</summary>
internal sealed class FakeProbeNetwork : IProbeNetwork
{
    private readonly ConcurrentQueue<FakeProbeCall> _calls = new();

    /// <summary>Decides each call's outcome; by default everything is healthy.</summary>
    public Func<FakeProbeCall, ProbeOutcome> Answer { get; set; } = _ => ProbeOutcome.Success();

    public IReadOnlyList<FakeProbeCall> Calls => [.. _calls];

    public Task<ProbeOutcome> HttpGetAsync(HttpProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(Record(new FakeProbeCall("http", request.Url.ToString(), timeout, request.Headers)));

    public Task<ProbeOutcome> TcpConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(Record(new FakeProbeCall("tcp", $"{host}:{port}", timeout, [])));

    public Task<ProbeOutcome> GrpcCheckAsync(string host, int port, string? service, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(Record(new FakeProbeCall("grpc", $"{host}:{port}/{service}", timeout, [])));

    private ProbeOutcome Record(FakeProbeCall call)
    {
        _calls.Enqueue(call);
        return Answer(call);
    }
}

/// <summary>One network probe: its kind (http, tcp, grpc), target and timeout.</summary>
internal sealed record FakeProbeCall(string Kind, string Target, TimeSpan Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers);
