using System.Security.Cryptography;

namespace Podvisor.Server.Apps;

/// <summary>The apiserver's <c>names.SimpleNameGenerator</c>: a prefix (cut to 58) and five characters that cannot spell words.</summary>
internal static class NameSuffix
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Append(string prefix) =>
        (prefix.Length > 58 ? prefix[..58] : prefix) + RandomNumberGenerator.GetString(Alphabet, 5);
}
