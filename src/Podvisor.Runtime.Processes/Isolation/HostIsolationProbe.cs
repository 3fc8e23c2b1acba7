using System.Runtime.InteropServices;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>Asks this host: the effective uid, the tools on the setup PATH, and a real trial of each namespace kind.</summary>
internal sealed class HostIsolationProbe : IIsolationProbe
{
    public bool IsRoot => Native.geteuid() == 0;

    public string? FindTool(string name) =>
        IsolationTools.SetupPath.Split(':')
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(path => File.Exists(path) && Native.access(path, Native.X_OK) == 0);

    // A bind mount of a fresh directory onto itself, inside the new namespace: what every container start does, and
    // the way it does it (root's mount namespace in-process, the user namespace through the tools).
    public bool CanMountNamespace() => WithProbeDirectory(MountNamespaceStart.CanBind);

    public bool CanUserNamespace(IsolationTools tools) => WithProbeDirectory(target =>
    {
        var argv = new List<string> { tools.Unshare };
        argv.AddRange(NamespaceCommands.UnshareFlags);
        argv.AddRange(["--", "mount", "--bind", target, target]);
        var error = Spawner.Spawn(
            new SpawnRequest(tools.Unshare, argv, ["PATH=" + IsolationTools.SetupPath], "/", StdoutFd: null, StderrFd: null),
            out var pid);
        if (error != 0)
        {
            return false;
        }

        int result;
        int status;
        do
        {
            result = Native.waitpid(pid, out status, 0);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Native.EINTR);

        return result == pid && status == 0;
    });

    public bool ProcTakesPidNamespace() => Native.ProcTakesPidNamespace();

    private static bool WithProbeDirectory(Func<string, bool> trial)
    {
        var target = Directory.CreateTempSubdirectory("podvisor-isolation-probe-").FullName;
        try
        {
            return trial(target);
        }
        finally
        {
            Directory.Delete(target);
        }
    }
}
