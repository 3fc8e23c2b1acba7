using Podvisor.Engine.Planning;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Hooks;

/// <summary>What a hook needs to know about its container.</summary>
internal sealed record HookContext(PodDefinition Pod, ContainerDefinition Container, IRunningContainer Instance, string PodIp);
