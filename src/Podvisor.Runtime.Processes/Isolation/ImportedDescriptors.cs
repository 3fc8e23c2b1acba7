using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// podvisor's descriptors as a private thread uses them (<see cref="SpawnFileTable.TryImport"/>): copies in its own table,
/// closed together when it is done; the same numbers, and nothing to close, on a thread of podvisor's table.
/// </summary>
internal sealed class ImportedDescriptors : IDisposable
{
    private readonly List<int> _copies = [];

    public int Import(int fd)
    {
        if (SpawnFileTable.TryImport(fd, out var copy))
        {
            _copies.Add(copy);
        }

        return copy;
    }

    public IReadOnlyList<int> Import(IReadOnlyList<int> fds) => fds.Select(Import).ToList();

    /// <summary>The request with every descriptor it names imported (the terminal and the gate are paths and this thread's own).</summary>
    public SpawnRequest Import(SpawnRequest request) => request with
    {
        StdoutFd = ImportOptional(request.StdoutFd),
        StderrFd = ImportOptional(request.StderrFd),
        StdinFd = ImportOptional(request.StdinFd),
        InheritedFds = request.InheritedFds is { } inherited ? Import(inherited) : null,
    };

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            Native.close(copy);
        }

        _copies.Clear();
    }

    private int? ImportOptional(int? fd) => fd is { } value ? Import(value) : null;
}
