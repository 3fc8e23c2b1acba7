namespace Podvisor.Server.Api;

/// <summary>A list request's paging and version: <c>limit</c>, the decoded <c>continue</c>, <c>resourceVersion</c>, and whether it must match exactly.</summary>
internal sealed record ListOptions(long? Limit, ContinueToken? Continue, long? ResourceVersion, bool Exact);
