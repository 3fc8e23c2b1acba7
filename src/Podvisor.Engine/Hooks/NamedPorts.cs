using System.Globalization;
using k8s.Models;

namespace Podvisor.Engine.Hooks;

/// <summary>Resolves an <c>IntOrString</c> port against the container's named ports, as the kubelet does.</summary>
internal static class NamedPorts
{
    public static bool TryResolve(IntOrString port, V1Container container, out int number, out string error)
    {
        error = string.Empty;
        var text = port.Value ?? string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return true;
        }

        var named = container.Ports?.FirstOrDefault(p => p.Name == text);
        if (named is not null)
        {
            number = named.ContainerPort;
            return true;
        }

        error = $"couldn't find port: {text} in {container.Name}";
        return false;
    }
}
