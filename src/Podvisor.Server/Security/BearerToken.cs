using System.Security.Cryptography;
using System.Text;

namespace Podvisor.Server.Security;

/// <summary>The one bearer token clients must present, made on first start and kept (mode 0600) in the data dir.</summary>
internal sealed class BearerToken
{
    private const string FileName = "token";
    private readonly byte[] _expected;

    private BearerToken(string value)
    {
        Value = value;
        _expected = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    public static BearerToken LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return new BearerToken(existing);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        PrivateFile.Write(path, token);

        return new BearerToken(token);
    }

    /// <summary>Checks an <c>Authorization</c> header value in constant time.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
