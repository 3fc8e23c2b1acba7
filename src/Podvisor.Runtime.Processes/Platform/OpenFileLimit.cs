// Why this file exists
// --------------------
// Every running container costs podvisor three descriptors (two output pipes and a pidfd), all in podvisor's one
// RLIMIT_NOFILE. Distributions start programs with a soft limit of 1024 under a far higher hard limit (524288 on Debian
// and systemd), which would stop podvisor near 300 pods; Go raises its soft limit to the hard one at start for the same
// reason (containerd is a Go program), and so does this, once, when the process runtime is made.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static partial class OpenFileLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    /// <summary>The soft limit after raising it to the hard one (unchanged when already equal, or when refused).</summary>
    public static ulong RaiseSoftToHard()
    {
        if (getrlimit(RlimitNofile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Soft < limit.Hard)
        {
            var raised = limit with { Soft = limit.Hard };
            if (setrlimit(RlimitNofile, in raised) == 0)
            {
                return raised.Soft;
            }
        }

        return limit.Soft;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in Rlimit limit);
}
