using System.Security.Cryptography;

namespace Podvisor.Server.Services;

/// <summary>The apiserver's default <c>--service-node-port-range</c>, 30000-32767, and its allocator's words (pkg/registry/core/service/portallocator).</summary>
internal static class NodePortRange
{
    public const int First = 30000;
    public const int Last = 32767;

    public const string AlreadyAllocated = "provided port is already allocated";

    public static string NotInRange => $"provided port is not in the valid range. The range of valid ports is {First}-{Last}";

    public static bool Contains(int port) => port is >= First and <= Last;

    /// <summary>A random free port, as upstream picks one; null when the range is full.</summary>
    public static int? Allocate(IReadOnlySet<int> used)
    {
        var free = Last - First + 1 - used.Count(Contains);
        if (free <= 0)
        {
            return null;
        }

        var skip = RandomNumberGenerator.GetInt32(free);
        for (var port = First; port <= Last; port++)
        {
            if (!used.Contains(port) && skip-- == 0)
            {
                return port;
            }
        }

        return null;
    }
}
