using System.Net.Sockets;

namespace Podvisor.Cli.Rollout;

/// <summary>Sorts one request's outcome: a success, or which <see cref="FailureKind"/> of failure.</summary>
internal static class RequestClassifier
{
    /// <summary>An answered request: 1xx-3xx succeed, 4xx and 5xx fail.</summary>
    public static FailureKind? ForStatus(int statusCode) => statusCode switch
    {
        >= 500 => FailureKind.ServerError,
        >= 400 => FailureKind.ClientError,
        _ => null,
    };

    /// <summary>A request that got no response: the first socket error in the chain decides, else the exception's type.</summary>
    public static FailureKind ForException(Exception exception, bool timedOut)
    {
        if (timedOut)
        {
            return FailureKind.Timeout;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return FailureKind.Refused;
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return FailureKind.Reset;
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return FailureKind.Timeout;
                case System.Net.Http.HttpIOException:
                    // ResponseEnded, InvalidResponse...: the peer closed before a whole response.
                    return FailureKind.Reset;
                case TimeoutException:
                    return FailureKind.Timeout;
            }
        }

        return exception is IOException or HttpRequestException ? FailureKind.Reset : FailureKind.Other;
    }
}
