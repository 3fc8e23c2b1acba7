using Microsoft.Win32.SafeHandles;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// The private threads spawn from a descriptor table of their own (<see cref="SpawnFileTable"/>): a spawn copies the
/// spawning thread's table and closes every copy again, so with podvisor's table (three descriptors a running container)
/// every start cost more than the one before it. These tests hold many descriptors, as podvisor does with thousands of
/// pods, and look at what the private threads see.
/// </summary>
public sealed class SpawnFileTableTests
{
    private const int Held = 400;

    [Fact]
    public void APrivateThread_SeesNoneOfTheDescriptorsThisProcessHolds()
    {
        var held = HoldPipes(Held);
        try
        {
            var (own, inPrivate) = (CountOwnTable(), PrivateThread.Run(CountOwnTable));

            Assert.True(SpawnFileTable.IsPrivate, $"the private threads share podvisor's table: {SpawnFileTable.Unavailable}");
            Assert.True(own >= 2 * Held, $"this thread's table has {own} descriptors");
            Assert.True(inPrivate < 32, $"a private thread's table has {inPrivate} descriptors while this process holds {own}");
        }
        finally
        {
            held.ForEach(fd => Native.close(fd));
        }
    }

    [Fact]
    public void AnImportedDescriptor_IsTheSameFile_AndClosedWithItsImport()
    {
        var (read, write) = Native.CreatePipe();
        try
        {
            var (wrote, countWhileImported, countAfter) = PrivateThread.Run(() =>
            {
                int whileImported;
                bool wrote;
                using (var descriptors = new ImportedDescriptors())
                {
                    var copy = descriptors.Import(write);
                    wrote = WriteByte(copy, (byte)'x');
                    whileImported = CountOwnTable();
                }

                return (wrote, whileImported, CountOwnTable());
            });

            Assert.True(wrote);
            Assert.Equal(countWhileImported - 1, countAfter);
            Assert.Equal((byte)'x', ReadByte(read));

            // The write end is still podvisor's: closing it (and only that) gives the reader its end of file.
            Native.close(write);
            write = -1;
            Assert.Equal(-1, ReadByte(read));
        }
        finally
        {
            Native.close(read);
            if (write >= 0)
            {
                Native.close(write);
            }
        }
    }

    [Fact]
    public void WorkOnPodvisorsTable_RunsWherePodvisorsDescriptorsAreValid()
    {
        var (read, write) = Native.CreatePipe();
        try
        {
            var wrote = PrivateThread.Run(() =>
            {
                var result = false;
                SpawnFileTable.OnPodvisorTable(() => result = WriteByte(write, (byte)'y'));
                return result;
            });

            Assert.True(wrote);
            Assert.Equal((byte)'y', ReadByte(read));
        }
        finally
        {
            Native.close(read);
            Native.close(write);
        }
    }

    [Fact]
    public async Task AContainersOutput_ReachesPodvisorThroughTheImportedPipe()
    {
        // End to end through the runtime's own start (root: the mount namespace start is the path on a private thread).
        Assert.True(Native.geteuid() == 0, "SpawnFileTableTests need root (a container's mount namespace start): run the tests as root, as .ci/run does");
        var held = HoldPipes(Held);
        try
        {
            await using var harness = new Support.Harness();
            var container = await harness.ShAsync("echo to-stdout; echo to-stderr >&2; ls /proc/$$/fd");
            await Support.Harness.Within(container.Exited);

            var lines = harness.Lines.Snapshot();
            Assert.Contains(lines, l => l.Text == "to-stdout" && l.Stream == LogStream.Stdout);
            Assert.Contains(lines, l => l.Text == "to-stderr" && l.Stream == LogStream.Stderr);

            // And nothing else of podvisor's reached it.
            Assert.Equal(["0", "1", "2"], lines.Where(l => l.Stream == LogStream.Stdout).Skip(1).Select(l => l.Text));
        }
        finally
        {
            held.ForEach(fd => Native.close(fd));
        }
    }

    private static bool WriteByte(int fd, byte value) => Native.WriteAll(fd, [value]);

    private static int ReadByte(int fd)
    {
        using var stream = new FileStream(new SafeFileHandle(Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, 3), ownsHandle: true), FileAccess.Read, bufferSize: 0);
        return stream.ReadByte();
    }

    private static int CountOwnTable() => Directory.GetFiles("/proc/thread-self/fd").Length;

    private static List<int> HoldPipes(int count)
    {
        var fds = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var (r, w) = Native.CreatePipe();
            fds.Add(r);
            fds.Add(w);
        }

        return fds;
    }
}
