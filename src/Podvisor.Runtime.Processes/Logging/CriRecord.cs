namespace Podvisor.Runtime.Processes.Logging;

/// <summary>One CRI log record's content: a full line (<c>F</c>) or a piece of a long one (<c>P</c>), without the newline.</summary>
internal readonly record struct CriRecord(byte[] Content, bool Partial);
