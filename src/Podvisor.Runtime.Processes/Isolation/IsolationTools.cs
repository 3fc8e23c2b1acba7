namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>Absolute paths of the programs the user-namespace mode builds a container's namespaces with and enters them for exec.</summary>
/// <param name="Unshare">util-linux <c>unshare</c>: creates the namespaces, then execs without forking (the PID stays the container's).</param>
/// <param name="Nsenter">util-linux <c>nsenter</c>: joins a container's namespaces for hooks and exec probes.</param>
/// <param name="Shell">A POSIX shell running the setup step (mounts, working directory).</param>
/// <param name="Env">coreutils <c>env</c>: execs the command with exactly the container's environment and its argv[0].</param>
internal sealed record IsolationTools(string Unshare, string Nsenter, string Shell, string Env)
{
    /// <summary>The PATH of the setup step, where it finds <c>mount</c> and <c>mkdir</c>.</summary>
    public const string SetupPath = "/usr/sbin:/usr/bin:/sbin:/bin";
}
