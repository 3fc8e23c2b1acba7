using k8s.Models;

namespace Podvisor.Cli.Report;

/// <summary>An event (or a repeat of a merged one), stamped with when the engine reported it.</summary>
internal sealed record ObservedEvent(DateTimeOffset At, Corev1Event Event);
