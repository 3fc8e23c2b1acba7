using System.IO.Compression;
using System.Text.RegularExpressions;
using Podvisor.Runtime.Processes.Logging;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests.Logging;

public sealed partial class LogRotationTests
{
    private const int MaxSize = 64 * 1024;
    private const int MaxFiles = 3;

    [Fact]
    public async Task Writing_ThreeTimesMaxSize_KeepsAtMostMaxFiles_AndAContiguousNewestWindow()
    {
        // Each call to the clock is a new second, so every full file can be rotated under a distinct name.
        await using var h = new Harness(new ProcessRuntimeOptions { LogRotation = new LogRotationPolicy(MaxSize, MaxFiles) }, new SteppingClock());
        const int lines = 5000; // ~50 bytes a record: ~250 KB, about 3.8 x MaxSize
        var container = await h.ShAsync($"seq 1 {lines}");

        await Harness.Within(container.Exited);
        await container.DisposeAsync();

        var directory = Path.GetDirectoryName(h.LogPath)!; // LogPath always has a directory
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count <= MaxFiles, $"kept {files.Count} files: {string.Join(", ", files)}");
        Assert.Contains("0.log", files);
        var rotated = files.Where(f => f != "0.log").ToList();
        Assert.NotEmpty(rotated);
        Assert.All(rotated, f => Assert.Matches(RotatedName(), f));
        // The newest rotated file stays plain for readers still following it; older ones are gzipped.
        Assert.False(rotated[^1].EndsWith(".gz", StringComparison.Ordinal));
        Assert.All(rotated.SkipLast(1), f => Assert.EndsWith(".gz", f, StringComparison.Ordinal));

        var kept = new List<int>();
        foreach (var name in rotated.Append("0.log"))
        {
            kept.AddRange(ReadRecords(Path.Combine(directory, name)).Select(int.Parse));
        }

        Assert.Equal(lines, kept[^1]);
        Assert.Equal(Enumerable.Range(kept[0], kept.Count), kept);
        Assert.True(kept[0] > 1, "nothing was removed although more than MaxFiles x MaxSize was written");
    }

    [Fact]
    public async Task Rotation_Disabled_WithNegativeSize_KeepsOneFile()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { LogRotation = new LogRotationPolicy(-1, MaxFiles) }, new SteppingClock());
        var container = await h.ShAsync("seq 1 5000");

        await Harness.Within(container.Exited);
        await container.DisposeAsync();

        Assert.Equal(["0.log"], Directory.GetFiles(Path.GetDirectoryName(h.LogPath)!).Select(Path.GetFileName));
        Assert.Equal(5000, ReadRecords(h.LogPath).Count);
    }

    [Fact]
    public void Policy_WithOneFile_IsRejectedAsTheKubeletDoes()
    {
        var error = Assert.Throws<ArgumentException>(() => new LogRotationPolicy(MaxSize, 1).Validate());
        Assert.StartsWith("invalid MaxFiles 1, must be > 1", error.Message, StringComparison.Ordinal);
    }

    private static List<string> ReadRecords(string path)
    {
        using Stream file = File.OpenRead(path);
        using var content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(content);
        var records = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            records.Add(line.Split(' ', 4)[3]);
        }

        return records;
    }

    [GeneratedRegex(@"^0\.log\.\d{8}-\d{6}(\.gz)?$")]
    private static partial Regex RotatedName();

    /// <summary>Real timers, but a wall clock that moves one second per reading.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private readonly DateTimeOffset _start = System.GetUtcNow();
        private long _calls;

        public override DateTimeOffset GetUtcNow() => _start.AddSeconds(Interlocked.Increment(ref _calls));
    }
}
