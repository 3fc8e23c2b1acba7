namespace Podvisor.Engine.Config;

/// <summary>
/// The errors the kubelet's object managers return for a missing object: the apiserver's NotFound text for the
/// lower-case resource (pkg/kubelet/util/manager <c>apierrors.NewNotFound(schema.GroupResource{Resource: "configmap"}, name)</c>).
/// </summary>
internal static class ConfigMessages
{
    /// <summary>kubelet events.go: a container could not be created because its config could not be built.</summary>
    public const string CreateContainerConfigError = "CreateContainerConfigError";

    /// <summary>kubelet_pods.go: envFrom keys that are not valid variable names were left out.</summary>
    public const string InvalidEnvironmentVariableNames = "InvalidEnvironmentVariableNames";

    public static string ConfigMapNotFound(string name) => $"configmap \"{name}\" not found";

    public static string SecretNotFound(string name) => $"secret \"{name}\" not found";
}
