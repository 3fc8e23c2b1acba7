using System.Text;
using k8s.Models;

namespace Podvisor.Engine.Config;

/// <summary>
/// The apiserver's Secret conversion (pkg/apis/core/v1/conversion.go <c>Convert_v1_Secret_To_core_Secret</c>):
/// <c>stringData</c> is write-only, merged into <c>data</c> (its values win) and never stored or returned.
/// </summary>
public static class SecretStringData
{
    /// <summary>Moves <c>stringData</c> into <c>data</c> (its values win) and clears it, in place.</summary>
    public static void Merge(V1Secret secret)
    {
        if (secret.StringData is not { Count: > 0 } strings)
        {
            secret.StringData = null;
            return;
        }

        secret.Data ??= new Dictionary<string, byte[]>();
        foreach (var (key, value) in strings)
        {
            secret.Data[key] = Encoding.UTF8.GetBytes(value ?? string.Empty);
        }

        secret.StringData = null;
    }
}
