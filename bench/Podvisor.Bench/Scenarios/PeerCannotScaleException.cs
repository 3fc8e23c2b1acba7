namespace Podvisor.Bench.Scenarios;

/// <summary>A peer could not run the scale scenario's N programs at all: reported as a note, not as a figure.</summary>
internal sealed class PeerCannotScaleException(string message) : Exception(message);
