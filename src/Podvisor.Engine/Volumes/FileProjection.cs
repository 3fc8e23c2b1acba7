namespace Podvisor.Engine.Volumes;

/// <summary>One file of a projected volume's payload (kubelet volumeutil <c>FileProjection</c>): its bytes and Unix mode.</summary>
internal sealed record FileProjection(byte[] Data, int Mode);
