namespace Podvisor.Engine.Runtime;

public enum LogStream
{
    Stdout,
    Stderr,
}
