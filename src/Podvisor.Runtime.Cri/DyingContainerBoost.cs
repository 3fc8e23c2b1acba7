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
/// is containerd's to remove when the container is. Its parent (containerd's <c>k8s.io</c>) is raised too, from the
/// kill until the death is seen (<see cref="Release"/>), shared with any other container dying at the same time
/// (<see cref="SharedCgroupBoost"/>): on a host whose busy tasks sit outside that parent, the container's own weight
/// counts only against its siblings.
/// </summary>
internal sealed class DyingContainerBoost(CgroupCpuWeight weight) : IDisposable
{
    private readonly byte[] _maximum = Encoding.ASCII.GetBytes(weight.Maximum);
    private readonly object _gate = new();
    private SafeFileHandle? _file;
    private bool _failed;
    private bool _parentRaised;
    private bool _dead;

    /// <summary>How often the parent's weight was raised (tests).</summary>
    internal int ParentRaises { get; private set; }

    /// <summary>The weight file written at the kill.</summary>
    public string File => weight.File;

    /// <summary>The parent cgroup's weight file, raised from the kill to the death; null when there is none.</summary>
    public string? ParentFile => weight.ParentFile;

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
            }
            catch (IOException)
            {
                // The cgroup was removed (the container is gone already).
                return false;
            }

            // The parent too (containerd's k8s.io), until the death is seen: the scheduler weighs the container only
            // against its siblings, and the parent against the busy tasks beside it (bench/README.md, CRI section).
            // Not after a death already seen (the kill thread can lose that race): nothing would write it back until disposal.
            if (weight.ParentFile is { } parent && !_parentRaised && !_dead && SharedCgroupBoost.Acquire(parent, _maximum))
            {
                _parentRaised = true;
                ParentRaises++;
            }

            return true;
        }
    }

    /// <summary>Once the container is dead: the parent's weight goes back when no other dying container holds it.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _dead = true;
            if (_parentRaised)
            {
                _parentRaised = false;
                SharedCgroupBoost.Release(weight.ParentFile!);
            }
        }
    }

    public void Dispose()
    {
        Release();
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            _failed = true;
        }
    }
}
