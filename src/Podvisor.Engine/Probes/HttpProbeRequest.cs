namespace Podvisor.Engine.Probes;

/// <summary>An httpGet probe resolved against its pod: the URL and the headers to send.</summary>
internal sealed record HttpProbeRequest(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers);
