using System.Text;
using k8s.Models;
using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Images;

/// <summary>
/// imagePullSecrets end to end: a registry with htpasswd auth (the fixture's private.podvisor.test) refuses an anonymous
/// pull with its 401, and a pod whose kubernetes.io/dockerconfigjson Secret matches the host pulls and runs.
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed class PullSecretTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private const string Image = $"{ContainerdFixture.PrivateRegistryHost}/library/busybox:1.27.2";

    private static string Pod(string name, params string[] secrets) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          restartPolicy: Never
          imagePullSecrets: [{{string.Join(", ", secrets.Select(s => $"{{name: {s}}}"))}}]
          containers:
          - name: app
            image: {{Image}}
            imagePullPolicy: Always
            command: ["true"]
        """;

    private static V1Secret RegistrySecret(string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ContainerdFixture.PrivateUser}:{password}"));
        var json = "{\"auths\": {\"" + ContainerdFixture.PrivateRegistryHost + "\": {\"auth\": \"" + auth + "\"}}}";
        return new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "regcred", NamespaceProperty = "default" },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(json) },
        };
    }

    [Fact]
    public async Task Without_the_secret_the_pull_is_refused_with_the_registry_401_and_with_it_the_pod_runs()
    {
        var configs = new FakeConfigSource();
        await using var engine = new CriEngine(fixture, configs);

        // The secret does not exist yet: the kubelet warns and pulls without credentials, which the registry refuses.
        engine.Admit(Pod("anonymous", "regcred"));
        await engine.WaitForAsync(e => e.EventsOf("anonymous").Any(ev => ev.Message == "Error: ErrImagePull"), Limit);
        Assert.Contains(engine.EventsOf("anonymous"), e => e is { Type: "Warning", Reason: "FailedToRetrieveImagePullSecret" }
            && e.Message == "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.");
        var refused = Assert.Single(engine.EventsOf("anonymous"), e => e.Reason == "Failed" && e.Message.StartsWith("Failed to pull image", StringComparison.Ordinal));
        Assert.StartsWith($"Failed to pull image \"{Image}\": rpc error: code = Unknown desc = ", refused.Message);
        Assert.EndsWith("failed with status code [manifests 1.27.2]: 401 Unauthorized", refused.Message, StringComparison.Ordinal);

        // A wrong password is refused the same way: the credential did reach the registry.
        configs.Put(RegistrySecret("wrong"));
        engine.Admit(Pod("wrong-password", "regcred"));
        await engine.WaitForAsync(e => e.EventsOf("wrong-password").Any(ev => ev.Message == "Error: ErrImagePull"), Limit);
        Assert.Contains(engine.EventsOf("wrong-password"), e => e.Reason == "Failed" && e.Message.Contains("401 Unauthorized", StringComparison.Ordinal));

        configs.Put(RegistrySecret(ContainerdFixture.PrivatePassword));
        engine.Admit(Pod("authorized", "regcred"));
        await engine.WaitForAsync(e => e.Pod("authorized")?.Status?.Phase == "Succeeded", Limit);
        Assert.Contains(engine.EventsOf("authorized"), e => e.Reason == "Pulled" && e.Message.StartsWith($"Successfully pulled image \"{Image}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(engine.EventsOf("authorized"), e => e.Type == "Warning");
    }
}
