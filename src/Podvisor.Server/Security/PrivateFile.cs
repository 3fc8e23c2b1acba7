namespace Podvisor.Server.Security;

/// <summary>Writes credentials (keys, the token, the kubeconfig) readable by the owner only (mode 0600).</summary>
internal static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        // UnixCreateMode only applies to new files: tighten one left from an earlier, laxer version too.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
