using System.CommandLine;
using Podvisor.Runtime.Cri;
using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Cli.Run;

/// <summary>
/// The runtime flags <c>run</c> and <c>serve</c> share, and their environment equivalents for scripts (a flag wins
/// over its variable): <c>--runtime</c> / <c>PODVISOR_RUNTIME</c>, <c>--container-runtime-endpoint</c> /
/// <c>PODVISOR_CONTAINER_RUNTIME_ENDPOINT</c> (the kubelet's flag; implies the CRI runtime), <c>--registry-mirror</c>
/// / <c>PODVISOR_REGISTRY_MIRRORS</c> (comma-separated).
/// </summary>
internal sealed class RuntimeFlags
{
    public const string RuntimeVariable = "PODVISOR_RUNTIME";
    public const string EndpointVariable = "PODVISOR_CONTAINER_RUNTIME_ENDPOINT";
    public const string MirrorsVariable = "PODVISOR_REGISTRY_MIRRORS";

    public Option<string?> Runtime { get; } = new("--runtime")
    {
        Description = $"What runs the containers: process (host processes, the default) or containerd (OCI images through CRI; podvisor starts its own containerd). Env: {RuntimeVariable}.",
        HelpName = "process|containerd",
    };

    public Option<string?> Endpoint { get; } = new("--container-runtime-endpoint")
    {
        Description = $"Use the CRI runtime already listening here (unix:///path/to/socket) instead of starting containerd. Env: {EndpointVariable}.",
        HelpName = "ENDPOINT",
    };

    public Option<string[]> Mirrors { get; } = new("--registry-mirror")
    {
        Description = $"Pull images of registry HOST from URL instead (repeatable; an http:// URL is plain HTTP), e.g. docker.io=http://127.0.0.1:5000. Env: {MirrorsVariable}=HOST=URL,HOST=URL.",
        HelpName = "HOST=URL",
        AllowMultipleArgumentsPerToken = false,
    };

    public LogRotationFlags LogRotation { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(Runtime);
        command.Options.Add(Endpoint);
        command.Options.Add(Mirrors);
        LogRotation.AddTo(command);
    }

    /// <summary>Reads the flags, falling back to the environment; the error names the flag or variable at fault.</summary>
    public RuntimeSelection? Resolve(ParseResult result, out string? error)
    {
        var selection = Resolve(
            result.GetValue(Runtime) ?? Environment.GetEnvironmentVariable(RuntimeVariable),
            result.GetValue(Endpoint) ?? Environment.GetEnvironmentVariable(EndpointVariable),
            result.GetValue(Mirrors) is { Length: > 0 } mirrors ? mirrors : SplitList(Environment.GetEnvironmentVariable(MirrorsVariable)),
            out error);
        if (selection is null)
        {
            return null;
        }

        var rotation = LogRotation.Resolve(result, selection.Kind, out error);
        return error is null ? selection with { LogRotation = rotation } : null;
    }

    public static RuntimeSelection? Resolve(string? runtime, string? endpointText, IReadOnlyList<string> mirrorTexts, out string? error)
    {
        RuntimeKind? kind = string.IsNullOrEmpty(runtime) ? null : runtime.ToLowerInvariant() switch
        {
            "process" => RuntimeKind.Process,
            "containerd" => RuntimeKind.Containerd,
            _ => null,
        };
        if (!string.IsNullOrEmpty(runtime) && kind is null)
        {
            error = $"invalid argument \"{runtime}\" for \"--runtime\" flag: must be process or containerd";
            return null;
        }

        CriEndpoint? endpoint = null;
        if (!string.IsNullOrEmpty(endpointText) && !CriEndpoint.TryParse(endpointText, out endpoint, out var endpointError))
        {
            error = $"invalid argument for \"--container-runtime-endpoint\" flag: {endpointError}";
            return null;
        }

        if (endpoint is not null && kind == RuntimeKind.Process)
        {
            error = "--container-runtime-endpoint needs --runtime containerd (a CRI runtime), not process";
            return null;
        }

        var mirrors = new List<RegistryMirror>();
        foreach (var text in mirrorTexts)
        {
            if (!RegistryMirror.TryParse(text, out var mirror, out var mirrorError))
            {
                error = $"invalid argument for \"--registry-mirror\" flag: {mirrorError}";
                return null;
            }

            mirrors.Add(mirror!);
        }

        var selected = endpoint is not null ? RuntimeKind.Containerd : kind ?? RuntimeKind.Process;
        if (mirrors.Count > 0 && (selected != RuntimeKind.Containerd || endpoint is not null))
        {
            error = endpoint is not null
                ? "--registry-mirror configures the containerd podvisor starts; set mirrors in the runtime at --container-runtime-endpoint instead"
                : "--registry-mirror needs --runtime containerd (the process runtime pulls no images)";
            return null;
        }

        error = null;
        return new RuntimeSelection(selected, endpoint, mirrors);
    }

    private static string[] SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
