using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Podvisor.Server.Hosting;

/// <summary>
/// A connection that starts with anything but a TLS handshake record gets the answer Go's net/http server
/// gives plain HTTP on an HTTPS port (crypto/tls's RecordHeaderError handling in net/http/server.go): a 400
/// that tells the user what happened, instead of a silently closed connection.
/// </summary>
internal static class PlainHttpRejection
{
    /// <summary>The first byte of every TLS record carrying a handshake.</summary>
    private const byte HandshakeRecord = 0x16;

    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");

    public static ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
        var buffer = read.Buffer;
        if (!buffer.IsEmpty && buffer.FirstSpan[0] != HandshakeRecord)
        {
            input.AdvanceTo(buffer.End);
            await connection.Transport.Output.WriteAsync(Answer, connection.ConnectionClosed).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }

        // Nothing consumed: TLS reads the same bytes.
        input.AdvanceTo(buffer.Start);
        await next(connection).ConfigureAwait(false);
    };
}
