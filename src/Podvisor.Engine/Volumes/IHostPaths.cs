namespace Podvisor.Engine.Volumes;

/// <summary>
/// Tells what a host path is. A runtime that can stat the host implements it; otherwise the engine
/// falls back to <see cref="PortableHostPaths"/>, which cannot tell a socket or device from a file.
/// </summary>
internal interface IHostPaths
{
    HostPathKind KindOf(string path);
}
