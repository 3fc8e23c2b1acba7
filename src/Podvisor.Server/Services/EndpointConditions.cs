namespace Podvisor.Server.Services;

/// <summary>An endpoint's <c>conditions</c> in an EndpointSlice.</summary>
internal readonly record struct EndpointConditions(bool Ready, bool Serving, bool Terminating);
