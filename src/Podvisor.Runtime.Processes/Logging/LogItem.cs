using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Logging;

/// <summary>What the event loop hands the log writer: bytes read at <paramref name="Time"/>, an end of stream (no data), or a flush barrier.</summary>
internal sealed record LogItem(LogStream Stream, byte[]? Data, DateTimeOffset Time, TaskCompletionSource? Barrier = null);
