using Podvisor.Engine.Containers;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Http;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Probes;

/// <summary>
/// Runs a probe's handler once (kubelet <c>prober.runProbeWithRetries</c>): exec in the container's context
/// with the probe's timeout, or a network check through <see cref="IProbeNetwork"/>. A probe that errors
/// (cannot be run at all) is retried up to three times in the same tick.
/// </summary>
internal sealed class ProbeRunner(IProbeNetwork network, string podIp) : IProbeRunner
{
    /// <summary>kubelet <c>prober.go maxProbeRetries</c>.</summary>
    private const int MaxProbeRetries = 3;

    public async Task<ProbeOutcome> RunAsync(ProbeDefinition probe, ContainerDefinition container, ProbeTarget target, CancellationToken cancellationToken)
    {
        ProbeOutcome outcome = ProbeOutcome.Errored("not run");
        for (var attempt = 0; attempt < MaxProbeRetries; attempt++)
        {
            outcome = await RunOnceAsync(probe, container, target, cancellationToken).ConfigureAwait(false);
            if (!outcome.IsError)
            {
                return outcome;
            }
        }

        return outcome;
    }

    private Task<ProbeOutcome> RunOnceAsync(ProbeDefinition probe, ContainerDefinition container, ProbeTarget target, CancellationToken cancellationToken) =>
        probe.Handler switch
        {
            ExecProbeHandler exec => RunExecAsync(exec, probe.Timeout, container, target, cancellationToken),
            HttpGetProbeHandler http => RunHttpGetAsync(http, probe.Timeout, container, cancellationToken),
            TcpSocketProbeHandler tcp => RunTcpAsync(tcp, probe.Timeout, container, cancellationToken),
            GrpcProbeHandler grpc => network.GrpcCheckAsync(podIp, grpc.Port, grpc.Service, probe.Timeout, cancellationToken),
            _ => throw new InvalidOperationException($"unknown probe handler {probe.Handler.GetType().Name}"),
        };

    private static async Task<ProbeOutcome> RunExecAsync(ExecProbeHandler exec, TimeSpan timeout, ContainerDefinition container, ProbeTarget target, CancellationToken cancellationToken)
    {
        // Only static expansion: $(VAR) from the container's env list, never from the image or runtime.
        var env = container.Spec.Env ?? [];
        var command = exec.Command
            .Select(arg => VariableExpansion.Expand(arg, name => env.LastOrDefault(e => e.Name == name) is { } e ? e.Value ?? string.Empty : null))
            .ToList();
        try
        {
            var result = await target.Instance.ExecAsync(command, timeout, cancellationToken).ConfigureAwait(false);
            if (result.TimedOut)
            {
                // cri-client execSyncV1 turns the runtime's DeadlineExceeded into this TimeoutError text.
                return ProbeOutcome.Failure($"command \"{string.Join(' ', command)}\" timed out");
            }

            return result.ExitCode == 0 ? ProbeOutcome.Success(result.Output) : ProbeOutcome.Failure(result.Output);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProbeOutcome.Errored(ex.Message);
        }
    }

    private Task<ProbeOutcome> RunHttpGetAsync(HttpGetProbeHandler http, TimeSpan timeout, ContainerDefinition container, CancellationToken cancellationToken)
    {
        if (!NamedPorts.TryResolve(http.Port, container.Spec, out var port, out var error))
        {
            return Task.FromResult(ProbeOutcome.Errored(error));
        }

        if (!KubeletHttpGet.TryBuildUrl(http.Scheme, http.Host, podIp, port, http.Path, out var url, out error))
        {
            return Task.FromResult(ProbeOutcome.Errored(error));
        }

        return network.HttpGetAsync(new HttpProbeRequest(url, http.Headers), timeout, cancellationToken);
    }

    private Task<ProbeOutcome> RunTcpAsync(TcpSocketProbeHandler tcp, TimeSpan timeout, ContainerDefinition container, CancellationToken cancellationToken)
    {
        if (!NamedPorts.TryResolve(tcp.Port, container.Spec, out var port, out var error))
        {
            return Task.FromResult(ProbeOutcome.Errored(error));
        }

        return network.TcpConnectAsync(string.IsNullOrEmpty(tcp.Host) ? podIp : tcp.Host, port, timeout, cancellationToken);
    }
}
