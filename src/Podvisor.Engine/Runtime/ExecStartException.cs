namespace Podvisor.Engine.Runtime;

/// <summary>
/// The runtime could not start a command in the container at all (CRI <c>ExecSync</c> answered an error, not an exit
/// code): a program that is not in the container, a working directory that is gone, a container that has exited. The
/// kubelet treats this differently from a command that ran and failed: an exec probe's attempt is "errored", reported
/// as <c>Unhealthy</c> "… probe errored and resulted in unknown state: …" and thrown away, so it never counts toward
/// <c>failureThreshold</c> (pkg/probe/exec/exec.go returns Unknown for a non-exit error; prober/worker.go drops it);
/// an exec hook fails with the error and an empty message. docs/kubelet-behaviour.md §7.
/// </summary>
public sealed class ExecStartException(string message) : Exception(message);
