namespace Podvisor.Engine.Runtime;

/// <summary>The runtime could not start a container; the message is shown to the user as the kubelet would.</summary>
public sealed class ContainerStartException : Exception
{
    /// <summary>A start failure with the message the user sees.</summary>
    public ContainerStartException(string message)
        : base(message)
    {
    }

    /// <summary>A start failure with the message the user sees and its cause.</summary>
    public ContainerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A start failure without a message.</summary>
    public ContainerStartException()
    {
    }
}
