using System.Globalization;
using System.Text;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A window size as the kubelet's streaming client sends it to the runtime's streaming server: one message on channel 4
/// holding client-go's <c>TerminalSize</c> as JSON, <c>{"Width":…,"Height":…}</c>. For exec and attach alike.
/// </summary>
internal static class TerminalSizeFrame
{
    public static byte[] Of(ushort width, ushort height) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\u0004{{\"Width\":{width},\"Height\":{height}}}"));
}
