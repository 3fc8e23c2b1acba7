namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>Looks at /proc: a process is gone when it has no entry or is a zombie (killed, waiting for a reaper).</summary>
internal static class ProcessProbe
{
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// The host PID of the process a container sees as <paramref name="namespacePid"/> (what <c>$!</c> or <c>$$</c> print in
    /// its PID namespace): the process of the same PID namespace as <paramref name="reference"/> (a host PID) whose
    /// innermost PID (last of its <c>NSpid</c>) is that one. Without a PID namespace it is the same number.
    /// </summary>
    public static int HostPid(int reference, int namespacePid)
    {
        var pidNamespace = new FileInfo($"/proc/{reference}/ns/pid").LinkTarget
            ?? throw new InvalidOperationException($"no PID namespace for {reference}");
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(entry);
            if (!int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var nspid = File.ReadLines($"{entry}/status").FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
                var innermost = nspid?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1];
                if (innermost == namespacePid.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    && new FileInfo($"{entry}/ns/pid").LinkTarget == pidNamespace)
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        throw new InvalidOperationException($"no process {namespacePid} in the PID namespace of {reference}");
    }

    /// <summary>Whether <paramref name="signal"/> is pending for the process (its own or its thread group's set).</summary>
    public static bool HasPendingSignal(int pid, int signal)
    {
        var mask = 1UL << (signal - 1);
        return File.ReadLines($"/proc/{pid}/status")
            .Where(l => l.StartsWith("SigPnd:", StringComparison.Ordinal) || l.StartsWith("ShdPnd:", StringComparison.Ordinal))
            .Any(l => (ulong.Parse(l[7..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & mask) != 0);
    }

    /// <summary>Waits until <paramref name="reference"/> is the only live process of its PID namespace (polls /proc up to the upper bound).</summary>
    public static async Task<bool> WaitUntilAloneAsync(int reference)
    {
        var deadline = DateTime.UtcNow + Harness.UpperBound;
        while (InNamespaceOf(reference).Any(pid => pid != reference && !IsGone(pid)))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>Host PIDs of the processes in the PID namespace of <paramref name="reference"/>.</summary>
    public static IReadOnlyList<int> InNamespaceOf(int reference)
    {
        var pidNamespace = new FileInfo($"/proc/{reference}/ns/pid").LinkTarget;
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture, out var pid)
                    && new FileInfo($"{entry}/ns/pid").LinkTarget == pidNamespace)
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="pid"/> is gone; SIGKILL delivery is asynchronous, so this polls /proc up to the upper bound.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + Harness.UpperBound;
        while (!IsGone(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>Test cleanup for processes that deliberately escaped their group.</summary>
    public static void Kill(int pid)
    {
        if (pid > 0 && !IsGone(pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
            }
        }
    }
}
