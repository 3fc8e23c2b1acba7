using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// <c>lifecycle.stopSignal</c> (KEP-4960, ContainerStopSignals): the signal set depends on
/// <c>spec.os.name</c>, so a pod without it may not choose a signal. The wording of the missing-os
/// error is ours (the upstream text was not confirmed).
/// </summary>
internal static class StopSignals
{
    public const string RequiresOsMessage = "may not be set for containers with empty `spec.os.name`";

    // Linux signal names as the API spells them (core.Signal), in upstream order.
    private static readonly string[] Linux =
    [
        "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT",
        "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT",
        "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2",
        "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+2", "SIGRTMIN+3",
        "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGRTMIN+10",
        "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX-13",
        "SIGRTMAX-12", "SIGRTMAX-11", "SIGRTMAX-10", "SIGRTMAX-9", "SIGRTMAX-8", "SIGRTMAX-7", "SIGRTMAX-6",
        "SIGRTMAX-5", "SIGRTMAX-4", "SIGRTMAX-3", "SIGRTMAX-2", "SIGRTMAX-1", "SIGRTMAX",
    ];

    private static readonly string[] Windows = ["SIGKILL", "SIGTERM"];

    public static void Validate(string signal, V1PodOS? os, string path, List<FieldError> errors)
    {
        var supported = os?.Name switch
        {
            "linux" => Linux,
            "windows" => Windows,
            _ => null,
        };
        if (supported is null)
        {
            errors.Add(FieldError.Forbidden(path, RequiresOsMessage));
        }
        else if (!supported.Contains(signal, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path, signal, supported));
        }
    }
}
