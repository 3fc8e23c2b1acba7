using Podvisor.Engine.Images.Credentials;
using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Runtime.Cri.Tests.Parsing;

public sealed class EndpointAndMirrorTests
{
    [Theory]
    [InlineData("unix:///run/containerd/containerd.sock", "/run/containerd/containerd.sock")]
    [InlineData("/run/x.sock", "/run/x.sock")]
    public void An_endpoint_is_a_unix_socket_path(string text, string path)
    {
        Assert.True(CriEndpoint.TryParse(text, out var endpoint, out _));
        Assert.Equal(path, endpoint!.SocketPath);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:1234")]
    [InlineData("unix://relative.sock")]
    [InlineData("")]
    public void Anything_else_is_refused_with_the_expected_form(string text)
    {
        Assert.False(CriEndpoint.TryParse(text, out _, out var error));
        Assert.Contains("expected unix:///path/to/socket", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mirror_is_HOST_equals_URL()
    {
        Assert.True(RegistryMirror.TryParse("docker.io=http://127.0.0.1:5000", out var mirror, out _));
        Assert.Equal("docker.io", mirror!.Host);
        Assert.Equal("http://127.0.0.1:5000/", mirror.Url.ToString());
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("=http://x")]
    [InlineData("docker.io=ftp://x")]
    [InlineData("docker.io/library=http://x")]
    public void A_bad_mirror_says_what_is_expected(string text)
    {
        Assert.False(RegistryMirror.TryParse(text, out _, out var error));
        Assert.Contains("expected HOST=URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_HTTP_mirror_becomes_a_hosts_toml_for_pull_and_resolve()
    {
        var toml = ContainerdConfig.RenderHosts(new RegistryMirror("registry.k8s.io", new Uri("http://127.0.0.1:5000")));
        Assert.Contains("server = \"http://127.0.0.1:5000\"", toml, StringComparison.Ordinal);
        Assert.Contains("[host.\"http://127.0.0.1:5000\"]", toml, StringComparison.Ordinal);
        Assert.Contains("capabilities = [\"pull\", \"resolve\"]", toml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_keeps_every_path_under_the_directory_and_sets_what_this_machine_needs()
    {
        var layout = new ContainerdLayout("/srv/pv");
        var toml = ContainerdConfig.Render(layout, PauseImage.Name);
        var paths = toml.Split('\n').Where(l => l.Contains("= \"/", StringComparison.Ordinal)).ToList();
        Assert.True(paths.Count >= 9, toml);
        foreach (var line in paths)
        {
            Assert.Contains("\"/srv/pv/", line, StringComparison.Ordinal);
        }

        Assert.Contains("restrict_oom_score_adj = true", toml, StringComparison.Ordinal);
        Assert.Contains($"sandbox_image = \"{PauseImage.Name}\"", toml, StringComparison.Ordinal);
        Assert.Contains("config_path = \"/srv/pv/certs.d\"", toml, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_credentials_are_found_by_the_image_registry_host()
    {
        var keyring = DockerCredentials.Parse("""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNz"},
              "registry.example.com": {"username": "me", "password": "secret"}
            }}
            """);

        Assert.Equal("user", Assert.Single(keyring.Lookup(DockerKeyring.RepositoryOf("nginx"))).Username);
        Assert.Equal("me", Assert.Single(keyring.Lookup(DockerKeyring.RepositoryOf("registry.example.com/team/app:1"))).Username);
        Assert.Empty(keyring.Lookup(DockerKeyring.RepositoryOf("quay.io/x/y")));
    }
}
