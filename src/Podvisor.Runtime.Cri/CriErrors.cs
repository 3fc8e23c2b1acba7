using Grpc.Core;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A CRI error as the kubelet prints it: Go's gRPC status text, <c>rpc error: code = NotFound desc = …</c>
/// (the code names of <see cref="StatusCode"/> are Go's).
/// </summary>
internal static class CriErrors
{
    public static string Describe(RpcException exception) =>
        $"rpc error: code = {exception.StatusCode} desc = {exception.Status.Detail}";
}
