using k8s.Models;
using Podvisor.Engine.Images;

namespace Podvisor.Engine.Containers;

/// <summary>
/// The argv a container runs: <c>command</c> replaces the image entrypoint and <c>args</c> its cmd (a
/// <c>command</c> without <c>args</c> drops the image cmd), each element <c>$(VAR)</c>-expanded.
/// </summary>
internal static class ContainerCommand
{
    public static IReadOnlyList<string> Resolve(V1Container container, ImageConfig? image, IReadOnlyDictionary<string, string> specVariables)
    {
        IEnumerable<string> entrypoint;
        IEnumerable<string> arguments;
        if (container.Command is { Count: > 0 } command)
        {
            entrypoint = command;
            arguments = container.Args ?? [];
        }
        else
        {
            entrypoint = image?.Entrypoint ?? [];
            arguments = container.Args is { Count: > 0 } args ? args : image?.Cmd ?? [];
        }

        return entrypoint.Concat(arguments)
            .Select(part => VariableExpansion.Expand(part, name => specVariables.GetValueOrDefault(name)))
            .ToList();
    }
}
