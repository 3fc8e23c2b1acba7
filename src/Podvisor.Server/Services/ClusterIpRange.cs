using System.Net;

namespace Podvisor.Server.Services;

/// <summary>
/// Where cluster IPs come from here: 127.96.0.0/16, a loopback range, so every clusterIP:port is reachable on this
/// machine without root (Linux routes all of 127.0.0.0/8 to <c>lo</c>) and no address leaves it. As the apiserver's
/// allocator (pkg/registry/core/service/ipallocator) the network address and the first address (upstream's
/// <c>kubernetes</c> Service) are never handed out; unlike it, the lowest free address is taken, not a random one,
/// so addresses are predictable on one machine.
/// </summary>
internal static class ClusterIpRange
{
    public const string Cidr = "127.96.0.0/16";

    private const uint Base = (127u << 24) | (96u << 16);
    private const uint Size = 1u << 16;

    public static bool Contains(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        var value = ToUInt(address);
        return value > Base + 1 && value < Base + Size - 1;
    }

    /// <summary>The lowest free address, or null when the range is full.</summary>
    public static string? Allocate(IReadOnlySet<string> used)
    {
        for (var offset = 2u; offset < Size - 1; offset++)
        {
            var candidate = FromUInt(Base + offset).ToString();
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress FromUInt(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
