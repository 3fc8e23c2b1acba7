namespace Podvisor.Server.Services;

/// <summary>One resolved port of an EndpointSlice: the Service port's name and protocol, the pod's port number.</summary>
internal readonly record struct EndpointPort(string Name, int Port, string Protocol);
