using System.Globalization;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace Podvisor.Bench.Peers;

/// <summary>
/// supervisord's XML-RPC interface over its unix socket, as <c>supervisor.xmlrpc.SupervisorTransport</c> speaks it:
/// one POST to <c>/RPC2</c> per call. Just enough XML-RPC for strings, ints, booleans, arrays and structs.
/// </summary>
internal sealed class XmlRpcClient : IDisposable
{
    private readonly HttpClient _http;

    public XmlRpcClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task<object?> Call(string method, params object[] args)
    {
        var body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").Append(method).Append("</methodName><params>");
        foreach (var arg in args)
        {
            body.Append("<param><value>").Append(arg switch
            {
                bool b => $"<boolean>{(b ? 1 : 0)}</boolean>",
                int i => $"<int>{i}</int>",
                _ => $"<string>{SecurityElement.Escape(Convert.ToString(arg, CultureInfo.InvariantCulture))}</string>",
            }).Append("</value></param>");
        }

        body.Append("</params></methodCall>");
        using var content = new StringContent(body.ToString(), Encoding.UTF8, "text/xml");
        using var response = await _http.PostAsync(new Uri("/RPC2", UriKind.Relative), content).ConfigureAwait(false);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        var fault = xml.Root?.Element("fault");
        if (fault is not null)
        {
            var f = (Dictionary<string, object?>)Value(fault.Element("value")!)!;
            throw new InvalidOperationException($"{method}: {f.GetValueOrDefault("faultString")}");
        }

        return Value(xml.Root!.Element("params")!.Element("param")!.Element("value")!);
    }

    public void Dispose() => _http.Dispose();

    private static object? Value(XElement value)
    {
        var typed = value.Elements().FirstOrDefault();
        if (typed is null)
        {
            return value.Value;
        }

        return typed.Name.LocalName switch
        {
            "string" => typed.Value,
            "int" or "i4" => int.Parse(typed.Value, CultureInfo.InvariantCulture),
            "boolean" => typed.Value == "1",
            "double" => double.Parse(typed.Value, CultureInfo.InvariantCulture),
            "array" => typed.Element("data")!.Elements("value").Select(Value).ToList(),
            "struct" => typed.Elements("member").ToDictionary(m => m.Element("name")!.Value, m => Value(m.Element("value")!)),
            _ => typed.Value,
        };
    }
}
