using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Podvisor.Server.Api;

/// <summary>
/// The list/watch query parameters, decoded as the apiserver's parameter codec does (a bad integer is a 400
/// with strconv's words) and checked as apimachinery's <c>ValidateListOptions</c> checks them (422 on
/// <c>ListOptions.meta.k8s.io</c>).
/// </summary>
internal static class QueryParameters
{
    /// <summary>
    /// A boolean parameter as apimachinery's <c>Convert_Slice_string_To_bool</c> reads it: absent is false; any
    /// value but <c>0</c> and <c>false</c> (in any case) is true, so <c>watch=True</c> and a bare <c>watch</c> are true.
    /// </summary>
    public static bool Flag(HttpContext context, string name) => Flag(context.Request.Query, name);

    /// <inheritdoc cref="Flag(HttpContext, string)"/>
    public static bool Flag(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && values[0] is { } value
        && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static long? Integer(HttpContext context, string name)
    {
        if (HttpJson.Query(context, name) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiStatus.BadRequest($"strconv.ParseInt: parsing {FieldQuote(text)}: invalid syntax");
    }

    public static TimeSpan? TimeoutSeconds(HttpContext context) =>
        Integer(context, "timeoutSeconds") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null;

    public static long ResourceVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : throw ApiStatus.BadRequest($"invalid resource version: {text}");

    /// <summary>The list options that decide what a list returns; throws the apiserver's error for a bad combination.</summary>
    public static ListOptions List(HttpContext context)
    {
        var limit = Integer(context, "limit") ?? 0;
        var token = HttpJson.Query(context, "continue") is { Length: > 0 } c ? c : null;
        var rv = HttpJson.Query(context, "resourceVersion") is { Length: > 0 } r ? r : null;
        var match = HttpJson.Query(context, "resourceVersionMatch") ?? string.Empty;
        var errors = new List<Engine.Admission.FieldError>();
        switch (match)
        {
            case "Exact" or "NotOlderThan":
                if (rv is null)
                {
                    errors.Add(Engine.Admission.FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
                }

                if (token is not null)
                {
                    errors.Add(Engine.Admission.FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
                }

                if (match == "Exact" && rv == "0")
                {
                    errors.Add(Engine.Admission.FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
                }

                break;
            case "":
                break;
            default:
                errors.Add(Engine.Admission.FieldError.NotSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", string.Empty]));
                break;
        }

        if (errors.Count > 0)
        {
            throw ApiStatus.InvalidOptions("ListOptions", errors);
        }

        if (token is not null && rv is not null && rv != "0")
        {
            throw ApiStatus.BadRequest("specifying resource version is not allowed when using continue");
        }

        return new ListOptions(limit > 0 ? limit : null, token is null ? null : ContinueToken.Decode(token), rv is null ? null : ResourceVersion(rv), match == "Exact");
    }

    private static string FieldQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
