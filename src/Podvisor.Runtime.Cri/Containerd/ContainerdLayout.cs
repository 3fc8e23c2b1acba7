namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>The paths of one podvisor-owned containerd, all under its directory so a second containerd is never disturbed.</summary>
internal sealed record ContainerdLayout(string Directory)
{
    public string Config => Path.Combine(Directory, "config.toml");

    public string Socket => Path.Combine(Directory, "containerd.sock");

    public string Root => Path.Combine(Directory, "root");

    public string State => Path.Combine(Directory, "state");

    /// <summary>runc's state: each container's <c>state.json</c> names its init PID, which the guard kills.</summary>
    public string RuncRoot => Path.Combine(Directory, "runc");

    public string CertsDirectory => Path.Combine(Directory, "certs.d");

    public string CniBin => Path.Combine(Directory, "cni", "bin");

    public string CniConf => Path.Combine(Directory, "cni", "conf");

    public string Log => Path.Combine(Directory, "containerd.log");

    public string GuardScript => Path.Combine(Directory, "guard.sh");

    public string Lock => Path.Combine(Directory, "podvisor.lock");
}
