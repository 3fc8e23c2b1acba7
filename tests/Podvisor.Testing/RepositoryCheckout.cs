namespace Podvisor.Testing;

/// <summary>The repository checkout the tests were built from: the directory above them that holds Podvisor.slnx.</summary>
internal static class RepositoryCheckout
{
    public static string Root { get; } = Find();

    /// <summary>A path inside the checkout, from its <c>/</c>-separated relative form.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Podvisor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Podvisor.slnx above {AppContext.BaseDirectory}");
    }
}
