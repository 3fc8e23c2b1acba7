using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Podvisor.Runtime.Cri.Platform;

/// <summary>
/// A CPU weight file that several dying containers raise at once (their common parent cgroup): the first raise keeps
/// the file's value and writes the maximum, the last release writes the value back, so the parent is raised only while
/// one of its containers is between its SIGKILL and its death.
/// </summary>
internal static class SharedCgroupBoost
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Held> Files = new(StringComparer.Ordinal);

    /// <summary>Raises <paramref name="file"/> to <paramref name="maximum"/> (or counts one more holder); false when it could not be read or written.</summary>
    public static bool Acquire(string file, byte[] maximum)
    {
        lock (Gate)
        {
            if (Files.TryGetValue(file, out var held))
            {
                held.Count++;
                return true;
            }

            try
            {
                var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                var buffer = new byte[32];
                var read = RandomAccess.Read(handle, buffer, 0);
                var original = Encoding.ASCII.GetString(buffer, 0, read).Trim();
                RandomAccess.Write(handle, maximum, 0);
                Files[file] = new Held(handle, Encoding.ASCII.GetBytes(original));
                return true;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Not there, or not podvisor's to change: the kill goes on without it.
                return false;
            }
        }
    }

    /// <summary>One holder fewer; the last writes the kept value back.</summary>
    public static void Release(string file)
    {
        lock (Gate)
        {
            if (!Files.TryGetValue(file, out var held) || --held.Count > 0)
            {
                return;
            }

            Files.Remove(file);
            try
            {
                RandomAccess.Write(held.Handle, held.Original, 0);
            }
            catch (IOException)
            {
                // The cgroup is gone: nothing to restore.
            }
            finally
            {
                held.Handle.Dispose();
            }
        }
    }

    /// <summary>The value written back by the last release, for tests; null when the file is not raised.</summary>
    internal static string? KeptValueOf(string file)
    {
        lock (Gate)
        {
            return Files.TryGetValue(file, out var held) ? Encoding.ASCII.GetString(held.Original) : null;
        }
    }

    private sealed class Held(SafeFileHandle handle, byte[] original)
    {
        public SafeFileHandle Handle { get; } = handle;

        public byte[] Original { get; } = original;

        public int Count { get; set; } = 1;
    }
}
