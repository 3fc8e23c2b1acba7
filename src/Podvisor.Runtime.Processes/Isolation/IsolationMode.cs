namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>How containers get their own view of the filesystem (a private /tmp and their volumes).</summary>
internal enum IsolationMode
{
    /// <summary>No namespace: containers share the host's /tmp, and volumes cannot be mounted.</summary>
    None,

    /// <summary>A mount namespace per container instance; needs root (CAP_SYS_ADMIN).</summary>
    MountNamespace,

    /// <summary>
    /// An unprivileged user namespace (the caller's uid mapped to 0) holding the mount namespace, as
    /// rootless container engines do: the container sees itself as root, files it writes are the caller's.
    /// </summary>
    UserNamespace,
}
