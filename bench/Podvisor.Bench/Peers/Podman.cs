using System.Globalization;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Peers;

/// <summary>
/// podman 4.3 against the isolated store bench/lib/podman-setup.sh prepared (runc, cgroupfs, no systemd,
/// image <c>localhost/busybox:bench</c> with <c>/bin/probe</c>). Pods use hostNetwork, like podvisor's.
/// </summary>
internal sealed class Podman(string storeDir, string? registriesConf = null)
{
    public const string Image = "localhost/busybox:bench";

    private readonly Dictionary<string, string> _env = Environment(storeDir, registriesConf);

    public Task<ShellResult> Run(params string[] args) => Shell.Run("/usr/bin/podman", args, _env, TimeSpan.FromMinutes(3));

    public async Task<int> HostPid(string container) =>
        int.Parse((await Run("inspect", "-f", "{{.State.Pid}}", container).ConfigureAwait(false)).Check("podman inspect").Stdout.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Removes every pod of this store (force), e.g. left over by an interrupted run.</summary>
    public Task<ShellResult> RemoveAllPods() => Run("pod", "rm", "-a", "-f", "-t", "0");

    /// <summary>The store's configuration, and a private registries.conf when one is given (the CRI scenario's mirror).</summary>
    private static Dictionary<string, string> Environment(string storeDir, string? registriesConf)
    {
        var env = new Dictionary<string, string>
        {
            ["CONTAINERS_CONF"] = Path.Combine(storeDir, "containers.conf"),
            ["CONTAINERS_STORAGE_CONF"] = Path.Combine(storeDir, "storage.conf"),
        };
        if (registriesConf is not null)
        {
            env["CONTAINERS_REGISTRIES_CONF"] = registriesConf;
        }

        return env;
    }

    /// <summary>A one-pod manifest with a hostPath volume on <c>/shared</c>.</summary>
    public static string PodYaml(string name, string sharedDir, IEnumerable<(string Name, string[] Command)> containers, string restartPolicy = "Never")
    {
        var text = $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {name}
            spec:
              hostNetwork: true
              restartPolicy: {restartPolicy}
              volumes:
              - name: shared
                hostPath: {"{"}path: {sharedDir}, type: DirectoryOrCreate{"}"}
              containers:

            """;
        foreach (var (cname, command) in containers)
        {
            text += $"  - name: {cname}\n    image: {Image}\n    command: [{string.Join(", ", command.Select(c => "\"" + c + "\""))}]\n"
                + "    volumeMounts: [{name: shared, mountPath: /shared}]\n";
        }

        return text;
    }
}
