namespace Podvisor.Engine.Runtime;

/// <summary>Which standard stream a log line came from (the CRI log format's stream field).</summary>
public enum LogStream
{
    /// <summary>Standard output.</summary>
    Stdout,
    /// <summary>Standard error.</summary>
    Stderr,
}
