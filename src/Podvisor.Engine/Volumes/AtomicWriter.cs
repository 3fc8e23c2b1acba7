using System.Globalization;
using System.Security.Cryptography;

namespace Podvisor.Engine.Volumes;

/// <summary>
/// The kubelet's atomic writer (pkg/volume/util/atomic_writer.go) for configMap, secret, downwardAPI and projected
/// volumes. The payload lives in a timestamped directory (<c>..2026_12_05_11_15_00.123456789</c>); <c>..data</c> is a
/// symlink to it and each top-level entry a symlink <c>key -&gt; ..data/key</c>. An update writes a whole new directory
/// and swaps <c>..data</c> by renaming a new symlink over it (one atomic rename), so a reader sees the old set or the
/// new set, never a mix; then the old directory and the links the new payload no longer has are removed.
/// </summary>
internal static class AtomicWriter
{
    public const string DataDirName = "..data";
    private const string NewDataDirName = "..data_tmp";

    /// <summary>Writes <paramref name="payload"/> (relative path → file) into <paramref name="targetDirectory"/>; returns whether anything changed.</summary>
    /// <exception cref="ArgumentException">A path is absolute, empty or walks up (<c>..</c>).</exception>
    /// <param name="host">Does the <c>..data</c> swap (rename(2) where the runtime can).</param>
    public static bool Write(string targetDirectory, IReadOnlyDictionary<string, FileProjection> payload, DateTimeOffset now, IHostPaths host)
    {
        foreach (var path in payload.Keys)
        {
            Validate(path);
        }

        Directory.CreateDirectory(targetDirectory);
        var dataLink = Path.Combine(targetDirectory, DataDirName);
        var oldTsName = new FileInfo(dataLink).LinkTarget;
        var oldTsDirectory = oldTsName is null ? null : Path.Combine(targetDirectory, oldTsName);
        if (oldTsDirectory is not null && Directory.Exists(oldTsDirectory) && SameAsOnDisk(oldTsDirectory, payload))
        {
            return false;
        }

        var tsDirectory = NewTsDirectory(targetDirectory, now);
        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(tsDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!); // ! full is under tsDirectory
            File.WriteAllBytes(full, file.Data);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, (UnixFileMode)file.Mode);
            }
        }

        // The user-visible links first (they dangle until ..data exists, as upstream's do on a first write).
        var visible = payload.Keys.Select(TopLevel).ToHashSet(StringComparer.Ordinal);
        foreach (var name in visible)
        {
            var link = Path.Combine(targetDirectory, name);
            if (new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, Path.Combine(DataDirName, name));
            }
        }

        var newLink = Path.Combine(targetDirectory, NewDataDirName);
        File.Delete(newLink);
        File.CreateSymbolicLink(newLink, Path.GetFileName(tsDirectory));
        host.RenameOver(newLink, dataLink);

        if (oldTsDirectory is not null && Directory.Exists(oldTsDirectory))
        {
            Directory.Delete(oldTsDirectory, recursive: true);
        }

        foreach (var entry in new DirectoryInfo(targetDirectory).EnumerateFileSystemInfos())
        {
            if (!entry.Name.StartsWith("..", StringComparison.Ordinal) && entry.LinkTarget is not null && !visible.Contains(entry.Name))
            {
                entry.Delete();
            }
        }

        return true;
    }

    /// <summary>validatePath: relative, not empty, no <c>..</c> element, not starting with <c>..</c>.</summary>
    private static void Validate(string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path) || path.StartsWith("..", StringComparison.Ordinal)
            || path.Split('/').Any(part => part == ".."))
        {
            throw new ArgumentException($"invalid path: {path}", nameof(path));
        }
    }

    private static string TopLevel(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];

    /// <summary>os.MkdirTemp(target, "..2006_01_02_15_04_05."): the UTC time then a random suffix, mode 0755.</summary>
    private static string NewTsDirectory(string targetDirectory, DateTimeOffset now)
    {
        while (true)
        {
            var name = now.UtcDateTime.ToString("'..'yyyy'_'MM'_'dd'_'HH'_'mm'_'ss'.'", CultureInfo.InvariantCulture)
                + RandomNumberGenerator.GetInt32(1_000_000_000).ToString(CultureInfo.InvariantCulture);
            var path = Path.Combine(targetDirectory, name);
            if (Directory.Exists(path))
            {
                continue;
            }

            Directory.CreateDirectory(path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            }

            return path;
        }
    }

    /// <summary>shouldWritePayload: the current directory holds exactly these files with these bytes and modes.</summary>
    private static bool SameAsOnDisk(string tsDirectory, IReadOnlyDictionary<string, FileProjection> payload)
    {
        var onDisk = Directory.EnumerateFiles(tsDirectory, "*", SearchOption.AllDirectories).ToList();
        if (onDisk.Count != payload.Count)
        {
            return false;
        }

        foreach (var (path, file) in payload)
        {
            var full = Path.Combine(tsDirectory, path);
            if (!File.Exists(full) || !File.ReadAllBytes(full).AsSpan().SequenceEqual(file.Data)
                || (!OperatingSystem.IsWindows() && (int)File.GetUnixFileMode(full) != file.Mode))
            {
                return false;
            }
        }

        return true;
    }
}
