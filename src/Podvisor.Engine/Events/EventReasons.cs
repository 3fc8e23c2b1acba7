namespace Podvisor.Engine.Events;

/// <summary>Event reasons exactly as the kubelet and scheduler spell them (kubelet <c>pkg/kubelet/events/event.go</c>).</summary>
internal static class EventReasons
{
    public const string Scheduled = "Scheduled";
    public const string Pulling = "Pulling";
    public const string Pulled = "Pulled";
    public const string Failed = "Failed";
    public const string BackOff = "BackOff";
    public const string Created = "Created";
    public const string Started = "Started";
    public const string Killing = "Killing";
    public const string Unhealthy = "Unhealthy";
    public const string ProbeWarning = "ProbeWarning";
    public const string FailedPostStartHook = "FailedPostStartHook";
    public const string FailedPreStopHook = "FailedPreStopHook";
    public const string LifecycleHttpFallback = "LifecycleHTTPFallback";
    public const string FailedMount = "FailedMount";
    public const string FailedCreatePodSandBox = "FailedCreatePodSandBox";
}
