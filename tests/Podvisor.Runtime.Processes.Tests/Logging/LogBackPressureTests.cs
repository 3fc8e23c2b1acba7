using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Logging;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests.Logging;

public sealed class LogBackPressureTests
{
    [Fact]
    public async Task SlowWriter_StopsTheReader_AtTheHighWaterMark_AndResumesItBelowTheLowWaterMark()
    {
        await using var h = new Harness();
        using var release = new ManualResetEventSlim();
        using var firstLine = new ManualResetEventSlim();
        var launch = h.Launch(["unused"]) with
        {
            OnLogLine = _ =>
            {
                // The writer's pump calls this for every record: holding it is a disk that stopped.
                firstLine.Set();
                release.Wait(Harness.UpperBound);
            },
        };
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = CriLogWriter.Open(launch, TimeProvider.System, 16 * 1024, LogRotationPolicy.Default);
        writer.OnDrained = () => drained.TrySetResult();

        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'y');
        chunk[^1] = (byte)'\n';
        var appended = 0L;
        var accepted = true;
        // The event loop stops reading the pipe when Append says so; a container writing forever is this loop.
        while (accepted && appended < 64L * 1024 * 1024)
        {
            accepted = writer.Append(LogStream.Stdout, chunk);
            appended += chunk.Length;
        }

        Assert.False(accepted, $"the writer accepted {appended} bytes without asking the reader to pause");
        Assert.True(firstLine.Wait(Harness.UpperBound));
        Assert.InRange(writer.QueuedBytes, CriLogWriter.HighWaterBytes - chunk.Length, CriLogWriter.HighWaterBytes + chunk.Length);

        release.Set();
        await Harness.Within(drained.Task);
        Assert.True(writer.QueuedBytes <= CriLogWriter.LowWaterBytes, $"{writer.QueuedBytes} still queued when resumed");

        writer.EndOfStream(LogStream.Stdout);
        writer.EndOfStream(LogStream.Stderr);
        await Harness.Within(writer.Completion);
        Assert.Equal(0, writer.QueuedBytes);
    }
}
