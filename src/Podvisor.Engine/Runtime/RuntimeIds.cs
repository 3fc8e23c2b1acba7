namespace Podvisor.Engine.Runtime;

/// <summary>
/// New sandbox and container IDs: 64 lowercase hex digits, the shape of containerd's. Why not
/// <c>RandomNumberGenerator</c>: on Linux it draws from OpenSSL, so the first ID of a run loaded
/// System.Security.Cryptography, libssl and libcrypto (≈5 MiB resident, and their initialisation on the way to the
/// first container); <see cref="Guid.NewGuid"/> draws from the kernel's CSPRNG through the runtime's own native
/// library. Two version-4 GUIDs give 244 random bits; the version and variant bits sit at fixed digits.
/// </summary>
public static class RuntimeIds
{
    /// <summary>A new random ID.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[32];
        Guid.NewGuid().TryWriteBytes(bytes[..16]);
        Guid.NewGuid().TryWriteBytes(bytes[16..]);
        return Convert.ToHexStringLower(bytes);
    }
}
