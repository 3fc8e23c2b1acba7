using System.Net;
using System.Security.Cryptography.X509Certificates;
using Podvisor.Server.Security;

namespace Podvisor.Server.Tests.Security;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecurityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-security-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Certificates_AreMadeOnce_AndTheServerChainsToTheCa()
    {
        var first = ServerCertificates.LoadOrCreate(_directory, IPAddress.Loopback, TimeProvider.System);
        var second = ServerCertificates.LoadOrCreate(_directory, IPAddress.Loopback, TimeProvider.System);

        Assert.Equal(first.CaPem, second.CaPem);
        Assert.Equal(first.Server.Thumbprint, second.Server.Thumbprint);
        Assert.True(second.Server.HasPrivateKey);
        using var ca = X509Certificate2.CreateFromPem(first.CaPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(second.Server), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        var names = second.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "ca.key")));
    }

    [Fact]
    public void Certificates_ForANewAddress_ReissueTheServerCertificateOnly()
    {
        var loopback = ServerCertificates.LoadOrCreate(_directory, IPAddress.Loopback, TimeProvider.System);
        var lan = ServerCertificates.LoadOrCreate(_directory, IPAddress.Parse("192.0.2.7"), TimeProvider.System);

        Assert.Equal(loopback.CaPem, lan.CaPem);
        Assert.Contains(IPAddress.Parse("192.0.2.7"), lan.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses());
    }

    [Fact]
    public void Token_IsKept_AndCheckedExactly()
    {
        var token = BearerToken.LoadOrCreate(_directory);

        Assert.Equal(token.Value, BearerToken.LoadOrCreate(_directory).Value);
        Assert.Equal(64, token.Value.Length);
        Assert.True(token.Accepts("Bearer " + token.Value));
        Assert.False(token.Accepts("Bearer " + token.Value[..^1] + "x"));
        Assert.False(token.Accepts(token.Value));
        Assert.False(token.Accepts(null));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "token")));
    }

    [Fact]
    public void Kubeconfig_HasTheCaTheTokenAndTheContext()
    {
        var text = Kubeconfig.Render("https://127.0.0.1:6443", "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n", "t0k");

        Assert.Contains("server: https://127.0.0.1:6443", text, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String("-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n"u8), text, StringComparison.Ordinal);
        Assert.Contains("token: t0k", text, StringComparison.Ordinal);
        Assert.Contains("current-context: podvisor", text, StringComparison.Ordinal);
    }
}
