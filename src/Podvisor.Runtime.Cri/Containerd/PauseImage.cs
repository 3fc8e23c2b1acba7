namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>
/// The sandbox ("pause") image podvisor provides itself, since no registry may be reachable: Debian's static
/// busybox as a shell that sleeps until SIGTERM/SIGINT. As PID 1 of a shared PID namespace
/// (<c>shareProcessNamespace</c>) its <c>wait</c> also reaps the orphans reparented to it, as pause does.
/// </summary>
internal static class PauseImage
{
    public const string Name = "podvisor.local/pause:busybox-1";

    public const string BusyboxPath = "/bin/busybox";

    public static IReadOnlyList<string> Entrypoint { get; } =
        ["/bin/busybox", "sh", "-c", "trap 'exit 0' TERM INT; while :; do /bin/busybox sleep 2147483647 & wait; done"];

    /// <summary>Writes the image archive; throws with how to install busybox when it is missing.</summary>
    public static void WriteArchive(string path)
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing: podvisor builds its sandbox image from a static busybox (apt-get install busybox-static)");
        }

        using var output = File.Create(path);
        OciImageArchive.Write(output, Name, [KeyValuePair.Create("bin/busybox", BusyboxPath)], Entrypoint);
    }
}
