using System.Net.Http;
using System.Net.Sockets;
using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class RequestClassifierTests
{
    [Theory]
    [InlineData(200, null)]
    [InlineData(204, null)]
    [InlineData(302, null)]
    [InlineData(404, "ClientError")]
    [InlineData(499, "ClientError")]
    [InlineData(500, "ServerError")]
    [InlineData(503, "ServerError")]
    public void ForStatus_FailsFourAndFiveHundreds(int status, string? expected) =>
        Assert.Equal(expected, RequestClassifier.ForStatus(status)?.ToString());

    public static TheoryData<string, Exception, bool, string> Exceptions() => new()
    {
        { "refused connect", new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), false, "Refused" },
        { "reset while reading", new HttpRequestException("x", new IOException("y", new SocketException((int)SocketError.ConnectionReset))), false, "Reset" },
        { "aborted", new IOException("y", new SocketException((int)SocketError.ConnectionAborted)), false, "Reset" },
        { "response ended early", new HttpRequestException("x", new HttpIOException(HttpRequestError.ResponseEnded)), false, "Reset" },
        { "timed out (token)", new TaskCanceledException("t"), true, "Timeout" },
        { "socket timeout", new HttpRequestException("x", new SocketException((int)SocketError.TimedOut)), false, "Timeout" },
        { "timed out wins over the socket error", new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), true, "Timeout" },
        { "other transport error", new HttpRequestException("x", new SocketException((int)SocketError.HostUnreachable)), false, "Reset" },
        { "cancelled without timeout", new OperationCanceledException(), false, "Other" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void ForException_TheFirstSocketErrorDecides(string because, Exception exception, bool timedOut, string expected)
    {
        Assert.NotEmpty(because);
        Assert.Equal(expected, RequestClassifier.ForException(exception, timedOut).ToString());
    }
}
