using System.Globalization;
using System.Text.Json.Nodes;

namespace Podvisor.Cli.Rollout;

/// <summary>
/// The strategic merge patch <c>kubectl rollout restart</c> sends (kubernetes/kubernetes
/// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go): the pod template's annotation
/// <c>kubectl.kubernetes.io/restartedAt</c> set to now in RFC 3339, which changes the template and so starts a rollout.
/// </summary>
internal static class RestartPatch
{
    public const string Annotation = "kubectl.kubernetes.io/restartedAt";

    public static string For(DateTimeOffset now) => new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["annotations"] = new JsonObject
                    {
                        [Annotation] = now.ToOffset(TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                },
            },
        },
    }.ToJsonString();
}
