namespace Podvisor.Runtime.Processes.Logging;

/// <summary>
/// Splits one stream's bytes into CRI records as containerd does: a line longer than
/// <c>max_container_log_line_size</c> (16 KiB by default) becomes <c>P</c> pieces of exactly that size
/// followed by an <c>F</c> remainder; an unterminated line at end of stream is written as <c>F</c>.
/// Memory stays bounded by one maximum-size piece, and grows to it only for long lines: two eager 16 KiB
/// buffers per container were half of podvisor's memory per pod (bench/ scale scenario). As containerd's
/// <c>readLine</c> (pkg/cri/io/logger.go), a line ending in CR LF is written without the CR (a terminal's output, or an
/// app's).
/// </summary>
internal sealed class CriLineSplitter
{
    private const int InitialBytes = 256;

    private readonly int _maxLineBytes;
    private byte[] _pending = [];
    private int _count;

    public CriLineSplitter(int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
    }

    public void Push(ReadOnlySpan<byte> data, List<CriRecord> output)
    {
        while (true)
        {
            var newline = data.IndexOf((byte)'\n');
            var segment = newline < 0 ? data : data[..newline];
            while (segment.Length > 0)
            {
                if (_count == _pending.Length && _pending.Length < _maxLineBytes)
                {
                    Array.Resize(ref _pending, Math.Min(_maxLineBytes, Math.Max(InitialBytes, _pending.Length * 2)));
                }

                // A full maximum-size buffer followed by more bytes of the same line is a partial record.
                if (_count == _pending.Length)
                {
                    output.Add(new CriRecord(_pending.AsSpan(0, _count).ToArray(), Partial: true));
                    _count = 0;
                }

                var take = Math.Min(_pending.Length - _count, segment.Length);
                segment[..take].CopyTo(_pending.AsSpan(_count));
                _count += take;
                segment = segment[take..];
            }

            if (newline < 0)
            {
                return;
            }

            var length = _count > 0 && _pending[_count - 1] == (byte)'\r' ? _count - 1 : _count;
            output.Add(new CriRecord(_pending.AsSpan(0, length).ToArray(), Partial: false));
            _count = 0;
            data = data[(newline + 1)..];
        }
    }

    /// <summary>At end of stream: the unterminated last line, if any, as a full record.</summary>
    public CriRecord? Complete()
    {
        if (_count == 0)
        {
            return null;
        }

        var record = new CriRecord(_pending.AsSpan(0, _count).ToArray(), Partial: false);
        _count = 0;
        return record;
    }
}
