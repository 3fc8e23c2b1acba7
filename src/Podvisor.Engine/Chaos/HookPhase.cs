namespace Podvisor.Engine.Chaos;

/// <summary>Which lifecycle hook a handler belongs to.</summary>
internal enum HookPhase
{
    PostStart,
    PreStop,
}
