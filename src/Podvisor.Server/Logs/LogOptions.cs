using System.Globalization;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Logs;

/// <summary><c>PodLogOptions</c> from the query string.</summary>
internal sealed record LogOptions(string? Container, bool Follow, bool Previous, bool Timestamps, long? TailLines, DateTimeOffset? Since, long? LimitBytes)
{
    public static LogOptions Parse(IQueryCollection query, DateTimeOffset now)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        bool Flag(string name) => QueryParameters.Flag(query, name);
        long? Number(string name)
        {
            if (Get(name) is not { } text)
            {
                return null;
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw ApiStatus.BadRequest($"{name}: invalid value \"{text}\"");
        }

        DateTimeOffset? since = null;
        if (Number("sinceSeconds") is { } seconds)
        {
            since = now - TimeSpan.FromSeconds(seconds);
        }
        else if (Get("sinceTime") is { } sinceTime)
        {
            since = ObjectMetadata.ParseTimestamp(sinceTime) ?? throw ApiStatus.BadRequest($"sinceTime: invalid value \"{sinceTime}\"");
        }

        return new LogOptions(Get("container"), Flag("follow"), Flag("previous"), Flag("timestamps"), Number("tailLines"), since, Number("limitBytes"));
    }
}
