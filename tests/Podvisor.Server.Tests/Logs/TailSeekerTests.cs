using System.Text;
using Podvisor.Server.Logs;

namespace Podvisor.Server.Tests.Logs;

public sealed class TailSeekerTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(1, "c")]
    [InlineData(2, "b1b2|c")]
    [InlineData(3, "a|b1b2|c")]
    [InlineData(10, "a|b1b2|c")]
    public void FindStart_LastLines_PartialRecordsBelongToTheirLine(long tail, string expected)
    {
        Write("T stdout F a\nT stdout P b1\nT stdout P b2\nT stdout F \nT stdout F c\n");

        Assert.Equal(expected, LinesFrom(tail).Replace("b1|b2", "b1b2", StringComparison.Ordinal));
    }

    [Fact]
    public void FindStart_RecordBeingWritten_NotCounted()
    {
        Write("T stdout F a\nT stdout F b\nT stdout F hal");

        Assert.Equal("b", LinesFrom(1));
    }

    [Fact]
    public void FindStart_ManyBlocks_ReadsFromTheEnd()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200_000; i++)
        {
            text.Append("2025-01-01T00:00:00.000000000Z stdout F line ").Append(i).Append('\n');
        }

        Write(text.ToString());

        Assert.Equal("line 199997|line 199998|line 199999", LinesFrom(3));
    }

    private void Write(string content) => File.WriteAllText(_file, content);

    /// <summary>The record contents from the found start to the last newline, joined with '|'.</summary>
    private string LinesFrom(long tail)
    {
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read);
        var start = TailSeeker.FindStart(stream.SafeFileHandle, stream.Length, tail);
        var text = File.ReadAllText(_file)[(int)start..];
        var records = text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('|', records.Select(r => r.Split(' ', 4)[3]).Where(r => r.Length > 0));
    }
}
