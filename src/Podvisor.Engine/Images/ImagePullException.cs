namespace Podvisor.Engine.Images;

/// <summary>A pull failed; the message is the runtime's error as the kubelet shows it after <c>Failed to pull image "X": </c>.</summary>
public sealed class ImagePullException(string message, Exception? innerException = null) : Exception(message, innerException);
