namespace Podvisor.Engine.Runtime;

/// <summary>The runtime could not start a container; the message is shown to the user as the kubelet would.</summary>
public sealed class ContainerStartException : Exception
{
    public ContainerStartException(string message)
        : base(message)
    {
    }

    public ContainerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ContainerStartException()
    {
    }
}
