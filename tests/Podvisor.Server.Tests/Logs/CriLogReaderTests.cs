using Podvisor.Server.Logs;

namespace Podvisor.Server.Tests.Logs;

public sealed class CriLogReaderTests
{
    [Fact]
    public void Feed_JoinsPartialRecords_AndKeepsTheStreamAndTime()
    {
        var reader = new CriLogReader();

        var first = reader.Feed("2026-11-24T00:43:31.887918000Z stdout P hel");
        var second = reader.Feed("2026-11-24T00:43:31.900000000Z stdout F lo world");
        var error = reader.Feed("2026-11-24T00:43:32.000000000Z stderr F oops ");

        Assert.Null(first);
        Assert.Equal(("hello world", "stdout", "2026-11-24T00:43:31.900000000Z"), (second!.Text, second.Stream, second.TimeText));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 43, 31, 900, TimeSpan.Zero), second.Time);
        Assert.Equal(("oops ", "stderr"), (error!.Text, error.Stream));
    }

    [Fact]
    public void Feed_EmptyLine_IsAnEmptyLine_AndGarbageIsSkipped()
    {
        var reader = new CriLogReader();

        Assert.Equal(string.Empty, reader.Feed("2026-11-24T00:43:31Z stdout F ")!.Text);
        Assert.Null(reader.Feed("not a record"));
    }
}
