namespace Podvisor.Engine.Runtime;

internal enum LogStream
{
    Stdout,
    Stderr,
}
