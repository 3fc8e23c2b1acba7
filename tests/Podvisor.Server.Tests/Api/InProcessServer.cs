using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Podvisor.Engine.Images;
using Podvisor.Server.Hosting;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Api;

/// <summary>The server in-process on a free loopback port over a fake runtime, and an HTTP client that trusts only its CA.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly PodvisorServer _server;

    private InProcessServer(string directory, PodvisorServer server, HttpClient client, X509Certificate2 ca)
    {
        Ca = ca;
        _directory = directory;
        _server = server;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The server's CA: clients trust exactly it, as kubectl does with certificate-authority-data.</summary>
    public X509Certificate2 Ca { get; }

    public PodvisorServer Server => _server;

    public static async Task<InProcessServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("podvisor-api-").FullName;
        var server = await PodvisorServer.StartAsync(new ServerOptions { DataDirectory = directory, Port = 0 }, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None);
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "ca.crt")));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusts(ca, certificate),
        };
        var client = new HttpClient(handler) { BaseAddress = server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(directory, "token")));
        return new InProcessServer(directory, server, client, ca);
    }

    public static bool Trusts(X509Certificate2 ca, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Ca.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
