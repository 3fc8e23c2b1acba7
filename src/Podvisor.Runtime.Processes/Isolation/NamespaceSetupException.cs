namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>A container's namespace could not be set up; the message is runc's, without its start-error prefix.</summary>
internal sealed class NamespaceSetupException : Exception
{
    public NamespaceSetupException(string message)
        : base(message)
    {
    }

    public NamespaceSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NamespaceSetupException()
    {
    }
}
