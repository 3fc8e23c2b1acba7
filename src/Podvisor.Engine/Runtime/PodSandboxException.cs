namespace Podvisor.Engine.Runtime;

/// <summary>A sandbox could not be created; the message is the runtime's, shown after "Failed to create pod sandbox: ".</summary>
public sealed class PodSandboxException(string message, Exception? innerException = null) : Exception(message, innerException);
