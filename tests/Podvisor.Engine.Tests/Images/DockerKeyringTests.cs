using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Engine.Tests.Images;

/// <summary>The kubelet keyring's matching (pkg/credentialprovider/keyring.go), one row per rule.</summary>
public sealed class DockerKeyringTests
{
    public static TheoryData<string, string, bool> Matches => new()
    {
        // key as written in a config                 repository (repoToPull)               match
        { "registry.example.com", "registry.example.com/team/app", true },
        { "https://registry.example.com", "registry.example.com/team/app", true },
        { "http://registry.example.com/", "registry.example.com/team/app", true },
        { "registry.example.com", "other.example.com/team/app", false },
        { "registry.example.com", "example.com/team/app", false },
        { "localhost:5000", "localhost:5000/app", true },
        { "localhost:5000", "localhost:5001/app", false },
        { "localhost", "localhost:5000/app", false },
        { "localhost:5000", "localhost/app", false },
        { "quay.io/team", "quay.io/team/app", true },
        { "quay.io/team", "quay.io/other/app", false },
        { "quay.io/team", "quay.io/teammates/app", true }, // a plain string prefix, as upstream
        { "https://quay.io/v1/", "quay.io/any/app", true },
        { "https://quay.io/v2/team", "quay.io/team/app", true },
        { "*.example.com", "eu.example.com/app", true },
        { "*.example.com", "example.com/app", false },
        { "*.example.com", "a.b.example.com/app", false },
        { "*.*.example.com", "a.b.example.com/app", true },
        { "reg?.example.com", "reg1.example.com/app", false }, // '?' starts a URL query, as url.Parse reads the key
        { "https://index.docker.io/v1/", "docker.io/library/nginx", true },
        { "index.docker.io", "docker.io/team/app", true },
        { "docker.io", "docker.io/library/nginx", true },
        { "https://index.docker.io/v1/", "quay.io/team/app", false },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void A_key_matches_a_repository_as_the_kubelet_keyring_does(string key, string repository, bool match)
    {
        var credential = new RegistryCredential("user", "pass");
        var keyring = DockerKeyring.From([(key, credential)]);

        Assert.Equal(match ? [credential] : [], keyring.Lookup(repository));
    }

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("team/app:1", "docker.io/team/app")]
    [InlineData("index.docker.io/team/app", "docker.io/team/app")]
    [InlineData("localhost:5000/app@sha256:abcd", "localhost:5000/app")]
    [InlineData("registry.example.com/team/app:2", "registry.example.com/team/app")]
    public void The_repository_looked_up_is_the_normalized_image_without_tag(string image, string repository) =>
        Assert.Equal(repository, DockerKeyring.RepositoryOf(image));

    [Fact]
    public void More_specific_keys_come_first_and_every_match_is_returned()
    {
        var host = new RegistryCredential("host", "1");
        var team = new RegistryCredential("team", "2");
        var app = new RegistryCredential("app", "3");
        var keyring = DockerKeyring.From([("quay.io", host), ("quay.io/team", team), ("quay.io/team/app", app)]);

        Assert.Equal([app, team, host], keyring.Lookup("quay.io/team/app"));
        Assert.Equal([team, host], keyring.Lookup("quay.io/team/other"));
    }

    [Fact]
    public void Docker_hub_credentials_are_the_fallback_only_for_hub_images()
    {
        var hub = new RegistryCredential("hub", "1");
        var keyring = DockerKeyring.From([("https://index.docker.io/v1/", hub)]);

        Assert.Equal([hub], keyring.Lookup(DockerKeyring.RepositoryOf("nginx")));
        Assert.Equal([hub], keyring.Lookup("library/nginx"));
        Assert.Empty(keyring.Lookup("registry.example.com/app"));
        Assert.Empty(keyring.Lookup("localhost:5000/app"));
    }

    [Fact]
    public void Auth_is_decoded_into_user_and_password_and_replaces_them()
    {
        var entries = DockerConfigEntries.Parse(
            """{"auths": {"r.example.com": {"username": "ignored", "password": "x", "auth": "dXNlcjpwYTpzcw=="}}}""",
            DockerConfigFormat.ConfigJson);

        Assert.Equal([("r.example.com", new RegistryCredential("user", "pa:ss"))], entries);
    }

    [Fact]
    public void Dockercfg_has_no_auths_wrapper()
    {
        var entries = DockerConfigEntries.Parse("""{"r.example.com": {"username": "u", "password": "p"}}""", DockerConfigFormat.Dockercfg);

        Assert.Equal([("r.example.com", new RegistryCredential("u", "p"))], entries);
    }

    [Theory]
    [InlineData("""{"auths": {"r": {"auth": "not base64!"}}}""", "registry \"r\": auth is not valid base64")]
    [InlineData("""{"auths": {"r": {"auth": "dXNlcg=="}}}""", "registry \"r\": expected username and password concatenated with a colon (:)")]
    public void A_malformed_auth_is_an_error_naming_the_registry(string json, string message) =>
        Assert.Equal(message, Assert.Throws<DockerConfigException>(() => DockerConfigEntries.Parse(json, DockerConfigFormat.ConfigJson)).Message);

    [Fact]
    public void The_password_never_appears_in_text() =>
        Assert.DoesNotContain("s3cret", new RegistryCredential("u", "s3cret", "t0ken").ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData(new[] { "a" }, "a")]
    [InlineData(new[] { "a", "a" }, "a")]
    [InlineData(new[] { "a", "b", "a" }, "[a, b]")]
    public void Failed_tries_aggregate_as_apimachinery_does(string[] messages, string expected) =>
        Assert.Equal(expected, CredentialedPull.Aggregate(messages));
}
