using System.Security.Cryptography;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// How containerd (1.6/1.7, with runc) words an exec that could not start, as the kubelet shows it in a probe's
/// <c>Unhealthy</c> event or a hook's failure: the gRPC status, then containerd's and runc's prefixes around the
/// reason (containerd <c>pkg/cri/server/container_execsync.go</c>, runc's <c>unable to start container process</c>),
/// with the random exec ID containerd generates for every exec.
/// </summary>
internal static class ExecErrorText
{
    private const string Runc = "OCI runtime exec failed: ";

    /// <param name="reason">Why the process could not start (<c>exec: "x": executable file not found in $PATH</c>), or
    /// runc's whole message when it refused earlier (<c>OCI runtime exec failed: … cannot exec in a stopped container: unknown</c>).</param>
    public static string Of(string reason)
    {
        var runc = reason.StartsWith(Runc, StringComparison.Ordinal)
            ? reason
            : $"{Runc}exec failed: unable to start container process: {reason}: unknown";
        return $"rpc error: code = Unknown desc = failed to exec in container: failed to start exec \"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}\": {runc}";
    }
}
