using System.Text;

namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>
/// Writes containerd 1.6's config (version 2) and the registry hosts (<c>certs.d/HOST/hosts.toml</c>).
/// Why each CRI setting (containerd <c>pkg/cri/config/config.go</c>):
/// <c>restrict_oom_score_adj</c> because root here may lack CAP_SYS_RESOURCE (every sandbox fails without it);
/// <c>sandbox_image</c> names podvisor's own pause image, so no sandbox ever resolves a remote registry;
/// <c>netns_mounts_under_state_dir</c> and private CNI directories keep all state under podvisor's directory.
/// </summary>
internal static class ContainerdConfig
{
    public static void Write(ContainerdLayout layout, IReadOnlyList<RegistryMirror> mirrors, string sandboxImage)
    {
        foreach (var directory in new[] { layout.Root, layout.State, layout.RuncRoot, layout.CertsDirectory, layout.CniBin, layout.CniConf })
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(layout.Config, Render(layout, sandboxImage));
        foreach (var mirror in mirrors)
        {
            var hostDirectory = Path.Combine(layout.CertsDirectory, mirror.Host);
            Directory.CreateDirectory(hostDirectory);
            File.WriteAllText(Path.Combine(hostDirectory, "hosts.toml"), RenderHosts(mirror));
        }
    }

    public static string Render(ContainerdLayout layout, string sandboxImage)
    {
        const string Cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        var toml = new StringBuilder();
        toml.AppendLine("# Written by podvisor for the containerd it runs itself; rewritten at every start.");
        toml.AppendLine("version = 2");
        toml.AppendLine($"root = {Quote(layout.Root)}");
        toml.AppendLine($"state = {Quote(layout.State)}");
        toml.AppendLine("[grpc]");
        toml.AppendLine($"  address = {Quote(layout.Socket)}");
        toml.AppendLine("[ttrpc]");
        toml.AppendLine($"  address = {Quote(layout.Socket + ".ttrpc")}");
        toml.AppendLine("[plugins.\"io.containerd.internal.v1.opt\"]");
        toml.AppendLine($"  path = {Quote(Path.Combine(layout.Directory, "opt"))}");
        toml.AppendLine($"[{Cri}]");
        toml.AppendLine($"  sandbox_image = {Quote(sandboxImage)}");
        toml.AppendLine("  restrict_oom_score_adj = true");
        toml.AppendLine("  netns_mounts_under_state_dir = true");
        toml.AppendLine("  stream_server_address = \"127.0.0.1\"");
        toml.AppendLine("  stream_server_port = \"0\"");
        toml.AppendLine($"[{Cri}.containerd]");
        toml.AppendLine("  default_runtime_name = \"runc\"");
        toml.AppendLine($"[{Cri}.containerd.runtimes.runc]");
        toml.AppendLine("  runtime_type = \"io.containerd.runc.v2\"");
        toml.AppendLine($"[{Cri}.containerd.runtimes.runc.options]");
        toml.AppendLine($"  Root = {Quote(layout.RuncRoot)}");
        toml.AppendLine($"[{Cri}.cni]");
        toml.AppendLine($"  bin_dir = {Quote(layout.CniBin)}");
        toml.AppendLine($"  conf_dir = {Quote(layout.CniConf)}");
        toml.AppendLine($"[{Cri}.registry]");
        toml.AppendLine($"  config_path = {Quote(layout.CertsDirectory)}");
        return toml.ToString();
    }

    /// <summary>One mirror for one registry host (containerd <c>docs/hosts.md</c>): pulls and resolves go to the mirror only.</summary>
    public static string RenderHosts(RegistryMirror mirror)
    {
        var url = mirror.Url.GetLeftPart(UriPartial.Authority);
        var toml = new StringBuilder();
        toml.AppendLine($"server = {Quote(url)}");
        toml.AppendLine($"[host.{Quote(url)}]");
        toml.AppendLine("  capabilities = [\"pull\", \"resolve\"]");
        if (mirror.Url.Scheme == "https")
        {
            return toml.ToString();
        }

        // Plain HTTP: containerd must not try TLS first.
        toml.AppendLine("  skip_verify = true");
        return toml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
