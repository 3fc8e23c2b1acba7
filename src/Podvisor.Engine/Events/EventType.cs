namespace Podvisor.Engine.Events;

internal enum EventType
{
    Normal,
    Warning,
}
