namespace Podvisor.Engine.Images.Credentials;

/// <summary>Registry credentials that cannot be read; the message says which part is wrong.</summary>
public sealed class DockerConfigException(string message, Exception? innerException = null) : Exception(message, innerException);
