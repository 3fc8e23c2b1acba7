namespace Podvisor.Testing;

/// <summary>The test process's own open descriptors, as <c>/proc/self/fd</c> lists them.</summary>
internal static class OwnDescriptors
{
    /// <summary>
    /// Whether any descriptor of this process refers to <paramref name="target"/> (a <c>readlink</c> of
    /// <c>/proc/self/fd/N</c>, e.g. <c>mnt:[4026532…]</c> for a namespace).
    /// </summary>
    public static bool AnyRefersTo(string target)
    {
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == target)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return false;
    }
}
