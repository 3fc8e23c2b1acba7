using System.Text;
using k8s.Models;
using Podvisor.Engine.Images.Credentials;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>
/// imagePullSecrets at pull time on a runtime with real images: the credentials that reach CRI PullImage, in the
/// kubelet's order (kuberuntime_image.go PullImage), and the missing-secret warning (kubelet_pods.go getPullSecretsForPod).
/// </summary>
public sealed class PodWorkerPullSecretTests
{
    private const string Image = "registry.example.com/team/app:1";

    private static string Pod(params string[] secrets) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          imagePullSecrets: [{{string.Join(", ", secrets.Select(s => $"{{name: {s}}}"))}}]
          containers:
          - name: app
            image: {{Image}}
            imagePullPolicy: IfNotPresent
            command: [sh]
        """;

    private static V1Secret DockerConfigJson(string name, string registry, string user, string password) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]>
        {
            [".dockerconfigjson"] = Encoding.UTF8.GetBytes(Config(registry, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")))),
        },
    };

    private static string Config(string registry, string auth) => "{\"auths\": {\"" + registry + "\": {\"auth\": \"" + auth + "\"}}}";

    private static (EngineHarness Harness, FakeImageService Images) Start()
    {
        var h = new EngineHarness();
        var images = new FakeImageService();
        h.Runtime.ImageService = images;
        return (h, images);
    }

    [Fact]
    public async Task The_secret_matching_the_registry_reaches_PullImage_and_the_container_starts()
    {
        var (h, images) = Start();
        await using var _ = h;
        images.Accepts = c => c == new RegistryCredential("robot", "s3cret");
        h.Configs.Put(DockerConfigJson("other", "quay.io", "quay", "q"));
        h.Configs.Put(DockerConfigJson("regcred", "https://registry.example.com", "robot", "s3cret"));

        h.Admit(Pod("other", "regcred"));
        await h.Runtime.NextStartAsync();

        Assert.Equal([(Image, (RegistryCredential?)new RegistryCredential("robot", "s3cret"))], images.Pulls);
        Assert.DoesNotContain(h.Observer.Events, e => e.Type == "Warning");
    }

    [Fact]
    public async Task A_rejected_secret_is_followed_by_the_next_one_then_the_node_credentials()
    {
        var (h, images) = Start();
        await using var _ = h;
        images.NodeKeyring = DockerKeyring.From([("registry.example.com", new RegistryCredential("node", "n"))]);
        images.Accepts = c => c?.Username == "node";
        h.Configs.Put(DockerConfigJson("first", "registry.example.com", "old", "1"));
        h.Configs.Put(DockerConfigJson("second", "registry.example.com/team", "new", "2"));

        h.Admit(Pod("first", "second"));
        await h.Runtime.NextStartAsync();

        // The more specific key (…/team) first, whatever the secrets' order, then the node's.
        Assert.Equal(["new", "old", "node"], images.Pulls.Select(p => p.Credential?.Username));
    }

    [Fact]
    public async Task When_every_credential_is_refused_the_pull_fails_with_their_aggregate()
    {
        var (h, images) = Start();
        await using var _ = h;
        images.Accepts = _ => false;
        h.Configs.Put(DockerConfigJson("a", "registry.example.com", "one", "1"));
        h.Configs.Put(DockerConfigJson("b", "registry.example.com/team/app", "two", "2"));

        h.Admit(Pod("a", "b"));
        await h.Observer.WaitForAsync(o => o.Statuses.Any(s => s.Status.ContainerStatuses?[0].State.Waiting?.Reason == "ErrImagePull"));

        // The next sync already shows ImagePullBackOff: the ErrImagePull status is read from the history.
        var expected = "[401 Unauthorized (two), 401 Unauthorized (one)]";
        var failed = h.Observer.Statuses.Select(s => s.Status.ContainerStatuses?[0].State.Waiting).First(w => w?.Reason == "ErrImagePull");
        Assert.Equal(expected, failed!.Message);
        Assert.Contains(h.Observer.Events, e => e is { Type: "Warning", Reason: "Failed" } && e.Message == $"Failed to pull image \"{Image}\": {expected}");
        Assert.Empty(h.Runtime.All);
    }

    [Fact]
    public async Task A_missing_secret_is_a_warning_on_the_pod_and_the_pull_goes_ahead_without_credentials()
    {
        var (h, images) = Start();
        await using var _ = h;

        h.Admit(Pod("gone", "", "absent"));
        await h.Runtime.NextStartAsync();

        var warning = Assert.Single(h.Observer.Events, e => e.Reason == "FailedToRetrieveImagePullSecret");
        Assert.Equal("Warning", warning.Type);
        Assert.Equal("Unable to retrieve some image pull secrets (gone, absent); attempting to pull the image may not succeed.", warning.Message);
        Assert.Null(warning.InvolvedObject.FieldPath);
        Assert.Equal([(Image, (RegistryCredential?)null)], images.Pulls);
    }

    [Fact]
    public async Task A_secret_of_another_type_or_for_another_registry_gives_no_credentials()
    {
        var (h, images) = Start();
        await using var _ = h;
        h.Configs.Put(DockerConfigJson("elsewhere", "quay.io", "q", "q"));
        var opaque = DockerConfigJson("opaque", "registry.example.com", "o", "o");
        opaque.Type = "Opaque";
        h.Configs.Put(opaque);

        h.Admit(Pod("elsewhere", "opaque"));
        await h.Runtime.NextStartAsync();

        Assert.Equal([(Image, (RegistryCredential?)null)], images.Pulls);
    }
}
