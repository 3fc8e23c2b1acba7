using System.Globalization;

namespace RandomGenerator;

/// <summary>
/// <c>LOG_FILE</c>: every number served is appended as <c>HH:mm:ss.fff,&lt;id&gt;,&lt;nanoseconds taken&gt;,&lt;value&gt;</c>
/// (UTC), the original's CSV; <c>/logs</c> returns the file.
/// </summary>
internal sealed class RandomValueLog(RandomGeneratorSettings settings, TimeProvider time)
{
    private readonly Lock _gate = new();

    public void Append(Guid id, TimeSpan duration, int value)
    {
        if (settings.LogFile is not { } file)
        {
            return;
        }

        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{time.GetUtcNow():HH:mm:ss.fff},{id},{(long)(duration.Ticks * 100L)},{value}\n");
        lock (_gate)
        {
            File.AppendAllText(file, line);
        }
    }

    /// <summary>The file's lines joined by newlines; empty without <c>LOG_FILE</c> or before the first number.</summary>
    public string Read()
    {
        if (settings.LogFile is not { } file || !File.Exists(file))
        {
            return string.Empty;
        }

        lock (_gate)
        {
            return string.Join('\n', File.ReadAllLines(file));
        }
    }
}
