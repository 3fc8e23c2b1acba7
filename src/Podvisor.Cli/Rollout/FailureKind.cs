namespace Podvisor.Cli.Rollout;

/// <summary>Why a request of the rollout's load failed, in the words an operator would use for it.</summary>
internal enum FailureKind
{
    /// <summary>The connection was refused: nothing listened where the proxy sent it.</summary>
    Refused,

    /// <summary>The connection was reset or closed before a whole response came back.</summary>
    Reset,

    /// <summary>No response within the request timeout.</summary>
    Timeout,

    /// <summary>An HTTP 5xx response.</summary>
    ServerError,

    /// <summary>An HTTP 4xx response: the path is wrong or the app refused it; still not a success.</summary>
    ClientError,

    /// <summary>Any other transport error.</summary>
    Other,
}
