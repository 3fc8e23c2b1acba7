namespace Podvisor.Engine.Planning;

/// <summary>
/// A deletion that came while a kill was under way and shortened its grace period (the apiserver lets a later delete
/// only shorten it): from <see cref="At"/>, <see cref="Seconds"/> more; 0 means kill now.
/// </summary>
internal readonly record struct LaterDeletion(DateTimeOffset At, long Seconds)
{
    public bool IsForced => Seconds == 0;
}
