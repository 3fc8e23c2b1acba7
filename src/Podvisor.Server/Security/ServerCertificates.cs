using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Podvisor.Server.Security;

/// <summary>
/// The server's TLS identity: a self-signed CA and a server certificate it signs, made on first start and
/// kept in the data dir (PEM), so that the CA in the kubeconfig stays valid across restarts. As with
/// kubeadm, clients trust the CA, never the leaf directly.
/// </summary>
internal sealed class ServerCertificates
{
    private const string CaCertFile = "ca.crt";
    private const string CaKeyFile = "ca.key";
    private const string ServerCertFile = "server.crt";
    private const string ServerKeyFile = "server.key";

    private ServerCertificates(string caPem, X509Certificate2 server)
    {
        CaPem = caPem;
        Server = server;
    }

    /// <summary>The CA certificate in PEM, for <c>certificate-authority-data</c>.</summary>
    public string CaPem { get; }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public static ServerCertificates LoadOrCreate(string directory, IPAddress address, TimeProvider time)
    {
        var caCertPath = Path.Combine(directory, CaCertFile);
        var caKeyPath = Path.Combine(directory, CaKeyFile);
        var serverCertPath = Path.Combine(directory, ServerCertFile);
        var serverKeyPath = Path.Combine(directory, ServerKeyFile);
        var now = time.GetUtcNow();

        if (!File.Exists(caCertPath) || !File.Exists(caKeyPath))
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=podvisor-ca", caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caCertPath, ca.ExportCertificatePem());
            File.Delete(serverCertPath);
        }

        var caPem = File.ReadAllText(caCertPath);
        if (!File.Exists(serverCertPath) || !File.Exists(serverKeyPath) || !Covers(serverCertPath, address, now))
        {
            using var ca = X509Certificate2.CreateFromPem(caPem, File.ReadAllText(caKeyPath));
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=podvisor", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            if (!IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                names.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            using var signed = request.Create(ca, now.AddMinutes(-5), now.AddYears(5) < ca.NotAfter ? now.AddYears(5) : ca.NotAfter, serial);
            WritePrivate(serverKeyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(serverCertPath, signed.ExportCertificatePem());
        }

        var server = X509Certificate2.CreateFromPem(File.ReadAllText(serverCertPath), File.ReadAllText(serverKeyPath));
        return new ServerCertificates(caPem, server);
    }

    /// <summary>Whether the stored server certificate is still valid and names <paramref name="address"/>.</summary>
    private static bool Covers(string path, IPAddress address, DateTimeOffset now)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime.AddDays(1))
        {
            return false;
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return names is not null && names.EnumerateIPAddresses().Contains(address);
    }

    private static void WritePrivate(string path, string content)
    {
        PrivateFile.Write(path, content);
    }
}
