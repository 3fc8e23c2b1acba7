namespace Podvisor.Engine.Containers;

/// <summary>A cached reason a container is not running (<c>CrashLoopBackOff</c>, <c>ErrImagePull</c>, ...).</summary>
internal sealed record WaitingRecord(string Reason, string? Message);
