namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>The repository checkout these tests were built from (where Podvisor.slnx is).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Podvisor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Podvisor.slnx not found above " + AppContext.BaseDirectory);
    }
}
