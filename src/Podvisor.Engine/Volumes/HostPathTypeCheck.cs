using System.Globalization;

namespace Podvisor.Engine.Volumes;

/// <summary>
/// The kubelet's hostPath <c>type</c> check (volume/hostpath <c>checkTypeInternal</c>): the OrCreate types
/// create what is missing (a 0755 directory with its parents, an empty 0644 file whose parent must exist),
/// the others require the path to be of that kind. Messages are the kubelet's.
/// </summary>
internal static class HostPathTypeCheck
{
    /// <summary>Null when the path passes; otherwise the error the kubelet reports after <c>MountVolume.SetUp failed for volume …</c>.</summary>
    public static string? Run(string path, string? type, IHostPaths host)
    {
        var kind = host.KindOf(path);
        switch (type ?? string.Empty)
        {
            case "":
                return null;
            case "DirectoryOrCreate" when kind == HostPathKind.Missing:
                return MakeDirectory(path);
            case "DirectoryOrCreate" or "Directory":
                return kind == HostPathKind.Directory ? null : $"hostPath type check failed: {path} is not a directory";
            case "FileOrCreate" when kind == HostPathKind.Missing:
                return MakeFile(path);
            case "FileOrCreate" or "File":
                return kind == HostPathKind.File ? null : $"hostPath type check failed: {path} is not a file";
            case "Socket":
                return kind == HostPathKind.Socket ? null : $"hostPath type check failed: {path} is not a socket file";
            case "CharDevice":
                return kind == HostPathKind.CharDevice ? null : $"hostPath type check failed: {path} is not a character device";
            case "BlockDevice":
                return kind == HostPathKind.BlockDevice ? null : $"hostPath type check failed: {path} is not a block device";
            default:
                return string.Create(CultureInfo.InvariantCulture, $"{type} is an invalid volume type");
        }
    }

    private static string? MakeDirectory(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"mkdir {path}: {Reason(ex)}";
        }
    }

    private static string? MakeFile(string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }

            using var _ = new FileStream(path, options);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"open {path}: {Reason(ex)}";
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
