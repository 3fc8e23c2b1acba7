namespace Podvisor.Runtime.Processes;

/// <summary>How containerd and runc word a container that could not start, as the kubelet shows it in a <c>StartError</c>.</summary>
internal static class StartErrorText
{
    /// <summary>The prefix runc/containerd put before a start error.</summary>
    public const string Prefix =
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ";

    /// <summary>A failure in runc's words (<c>error during container init: …</c>), with the prefix and gRPC code around it.</summary>
    public static string Of(string reason) => $"{Prefix}{reason}: unknown";
}
