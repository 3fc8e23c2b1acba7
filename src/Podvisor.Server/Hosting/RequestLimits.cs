namespace Podvisor.Server.Hosting;

/// <summary>The apiserver's request limits.</summary>
internal static class RequestLimits
{
    /// <summary>Largest request body: the apiserver's default <c>MaxRequestBodyBytes</c> (3 MiB, staging/src/k8s.io/apiserver/pkg/server/config.go).</summary>
    public const long MaxBodyBytes = 3 * 1024 * 1024;
}
