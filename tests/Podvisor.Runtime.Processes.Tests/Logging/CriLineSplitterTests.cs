using System.Text;
using Podvisor.Runtime.Processes.Logging;

namespace Podvisor.Runtime.Processes.Tests.Logging;

public sealed class CriLineSplitterTests
{
    [Theory]
    [InlineData(new[] { "ab\ncd\n" }, "F:ab|F:cd")]
    [InlineData(new[] { "a", "b\n" }, "F:ab")]
    [InlineData(new[] { "\n" }, "F:")]
    [InlineData(new[] { "abcd\n" }, "F:abcd")]
    [InlineData(new[] { "abcde\n" }, "P:abcd|F:e")]
    [InlineData(new[] { "abcdefghij\n" }, "P:abcd|P:efgh|F:ij")]
    [InlineData(new[] { "abcd", "efgh" }, "P:abcd")]
    [InlineData(new[] { "abcdefgh", "\n" }, "P:abcd|F:efgh")]
    [InlineData(new[] { "ab\r\ncd\n" }, "F:ab|F:cd")] // containerd's readLine drops the CR of a CR LF
    [InlineData(new[] { "abc\r", "\n" }, "F:abc")]
    [InlineData(new[] { "a\rb\n" }, "F:a\rb")]
    [InlineData(new[] { "abc\r", "d\n" }, "P:abc\r|F:d")]
    public void Push_SplitsLikeContainerd(string[] chunks, string expected)
    {
        var splitter = new CriLineSplitter(maxLineBytes: 4);
        var records = new List<CriRecord>();

        foreach (var chunk in chunks)
        {
            splitter.Push(Encoding.UTF8.GetBytes(chunk), records);
        }

        Assert.Equal(expected, Render(records));
    }

    [Fact]
    public void LongLines_InSmallChunks_SplitAtTheMaximumExactly()
    {
        var splitter = new CriLineSplitter(maxLineBytes: 1000);
        var records = new List<CriRecord>();
        var line = string.Concat(Enumerable.Range(0, 2500).Select(i => (char)('a' + (i % 26))));

        foreach (var chunk in (line + "\nshort\n" + new string('z', 300) + "\n").Chunk(7))
        {
            splitter.Push(Encoding.UTF8.GetBytes(chunk), records);
        }

        Assert.Equal(
            ["P:" + line[..1000], "P:" + line[1000..2000], "F:" + line[2000..], "F:short", "F:" + new string('z', 300)],
            records.Select(r => (r.Partial ? "P:" : "F:") + Encoding.UTF8.GetString(r.Content)));
    }

    [Fact]
    public void Complete_UnterminatedLine_IsFull()
    {
        var splitter = new CriLineSplitter(maxLineBytes: 4);
        var records = new List<CriRecord>();
        splitter.Push("x\nyz"u8, records);

        records.Add(splitter.Complete()!.Value);

        Assert.Equal("F:x|F:yz", Render(records));
        Assert.Null(splitter.Complete());
    }

    [Fact]
    public void Timestamp_IsRfc3339NanoUtc()
    {
        var time = new DateTimeOffset(2016, 10, 6, 2, 17, 9, TimeSpan.FromHours(2)).AddTicks(6697942);

        Assert.Equal("2016-10-06T00:17:09.669794200Z", CriTimestamp.Format(time));
    }

    private static string Render(List<CriRecord> records) =>
        string.Join('|', records.Select(r => (r.Partial ? "P:" : "F:") + Encoding.UTF8.GetString(r.Content)));
}
