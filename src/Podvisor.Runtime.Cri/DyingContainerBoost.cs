using System.Text;
using Microsoft.Win32.SafeHandles;
using Podvisor.Runtime.Cri.Platform;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// Raises a container's cgroup CPU weight to its maximum once the grace period's SIGKILL has been sent, so the kernel's
/// work of ending it (PID 1 woken to die, the rest of its PID namespace killed and reaped) is not queued behind the rest
/// of the machine. A BestEffort container's cgroup has the kubelet's minimum weight (<c>cpu.shares</c> 2): traced under
/// load (bench/README.md, CRI section), its PID 1 waited 2–60 ms for a core after the SIGKILL while ordinary and even
/// niced tasks ran. A SIGKILLed process never returns to user space, so the weight buys the app nothing; the cgroup
/// is containerd's to remove when the container is.
/// </summary>
internal sealed class DyingContainerBoost(CgroupCpuWeight weight) : IDisposable
{
    private readonly byte[] _maximum = Encoding.ASCII.GetBytes(weight.Maximum);
    private readonly object _gate = new();
    private SafeFileHandle? _file;
    private bool _failed;

    /// <summary>The weight file written at the kill.</summary>
    public string File => weight.File;

    /// <summary>Opens the weight file for writing, so that the kill itself costs one write (the kill timer's rehearsal, when armed).</summary>
    public void Prepare()
    {
        lock (_gate)
        {
            if (_file is not null || _failed)
            {
                return;
            }

            try
            {
                _file = System.IO.File.OpenHandle(weight.File, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // No such cgroup file (another layout, or gone), or not podvisor's to change: the kill goes on without it.
                _failed = true;
            }
        }
    }

    /// <summary>Writes the maximum weight; false when the file could not be opened or written (the kill is not affected).</summary>
    public bool Apply()
    {
        Prepare();
        lock (_gate)
        {
            if (_file is null)
            {
                return false;
            }

            try
            {
                RandomAccess.Write(_file, _maximum, 0);
                return true;
            }
            catch (IOException)
            {
                // The cgroup was removed (the container is gone already).
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            _failed = true;
        }
    }
}
