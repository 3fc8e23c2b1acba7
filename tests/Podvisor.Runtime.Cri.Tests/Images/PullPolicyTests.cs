using System.Text.RegularExpressions;
using Podvisor.Runtime.Cri.Tests.Support;

namespace Podvisor.Runtime.Cri.Tests.Images;

/// <summary>The kubelet's image manager over CRI: each pull policy and its events (kubelet pkg/kubelet/images/image_manager.go).</summary>
[Collection(ContainerdCollection.Name)]
public sealed partial class PullPolicyTests(ContainerdFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string Pod(string name, string image, string policy) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}}
        spec:
          restartPolicy: Never
          containers:
          - name: app
            image: {{image}}
            imagePullPolicy: {{policy}}
            command: ["true"]
        """;

    [Fact]
    public async Task IfNotPresent_pulls_once_then_finds_it_present_and_Always_pulls_again()
    {
        // An image no other test uses, so this test sees its first pull.
        var image = $"{ContainerdFixture.TestRegistryHost}/library/busybox:1.27.2";
        await using var engine = new CriEngine(fixture);

        engine.Admit(Pod("first", image, "IfNotPresent"));
        await engine.WaitForAsync(e => e.Pod("first")?.Status?.Phase == "Succeeded", Limit);
        var first = engine.EventsOf("first");
        Assert.Contains(first, e => e.Reason == "Pulling" && e.Message == $"Pulling image \"{image}\"");
        var pulled = Assert.Single(first, e => e.Reason == "Pulled");
        var match = SuccessfullyPulled().Match(pulled.Message);
        Assert.True(match.Success, pulled.Message);
        Assert.Equal(image, match.Groups["image"].Value);
        Assert.True(long.Parse(match.Groups["size"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100_000, pulled.Message);

        // The status' imageID is the runtime's digest reference of what it pulled, as containerd reports it.
        Assert.Matches("^podvisor.test/library/busybox@sha256:[0-9a-f]{64}$", engine.Container("first", "app")!.ImageID);

        engine.Admit(Pod("second", image, "IfNotPresent"));
        await engine.WaitForAsync(e => e.Pod("second")?.Status?.Phase == "Succeeded", Limit);
        var second = engine.EventsOf("second");
        Assert.DoesNotContain(second, e => e.Reason == "Pulling");
        Assert.Contains(second, e => e.Reason == "Pulled" && e.Message == $"Container image \"{image}\" already present on machine");

        engine.Admit(Pod("third", image, "Always"));
        await engine.WaitForAsync(e => e.Pod("third")?.Status?.Phase == "Succeeded", Limit);
        var third = engine.EventsOf("third");
        Assert.Contains(third, e => e.Reason == "Pulling");
        Assert.Contains(third, e => e.Reason == "Pulled" && SuccessfullyPulled().IsMatch(e.Message));
    }

    [Fact]
    public async Task Never_with_the_image_absent_is_ErrImageNeverPull()
    {
        var image = $"{ContainerdFixture.TestRegistryHost}/library/busybox:never-pulled";
        await using var engine = new CriEngine(fixture);

        engine.Admit(Pod("never", image, "Never"));
        await engine.WaitForAsync(e => e.Container("never", "app")?.State?.Waiting?.Reason == "ErrImageNeverPull", Limit);

        var expected = $"Container image \"{image}\" is not present with pull policy of Never";
        Assert.Equal(expected, engine.Container("never", "app")!.State.Waiting.Message);
        Assert.Contains(engine.EventsOf("never"), e => e.Reason == "ErrImageNeverPull" && e.Type == "Warning" && e.Message == expected);
        Assert.DoesNotContain(engine.EventsOf("never"), e => e.Reason == "Pulling");
    }

    [Fact]
    public async Task A_missing_image_is_ErrImagePull_then_ImagePullBackOff()
    {
        var image = $"{ContainerdFixture.TestRegistryHost}/library/does-not-exist:1";
        await using var engine = new CriEngine(fixture);

        engine.Admit(Pod("missing", image, "IfNotPresent"));
        await engine.WaitForAsync(e => e.EventsOf("missing").Any(ev => ev.Message == "Error: ErrImagePull"), Limit);
        var failed = Assert.Single(engine.EventsOf("missing"), e => e.Reason == "Failed" && e.Message.StartsWith("Failed to pull image", StringComparison.Ordinal));
        Assert.StartsWith($"Failed to pull image \"{image}\": rpc error: code = NotFound desc = ", failed.Message);

        await engine.WaitForAsync(e => e.Container("missing", "app")?.State?.Waiting?.Reason == "ImagePullBackOff", Limit);
        Assert.Contains(engine.EventsOf("missing"), e => e.Reason == "BackOff" && e.Message == $"Back-off pulling image \"{image}\"");
        Assert.Contains(engine.EventsOf("missing"), e => e.Message == "Error: ImagePullBackOff");
    }

    [GeneratedRegex("""^Successfully pulled image "(?<image>[^"]+)" in [0-9.]+m?s \([0-9.]+m?s including waiting\)\. Image size: (?<size>[0-9]+) bytes\.$""")]
    private static partial Regex SuccessfullyPulled();
}
