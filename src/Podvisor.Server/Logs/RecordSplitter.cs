using System.Text;

namespace Podvisor.Server.Logs;

/// <summary>
/// Cuts file bytes into CRI records (text lines) as blocks arrive, keeping only an unfinished record between
/// blocks. A record longer than <see cref="MaxRecordBytes"/> (not one the runtime writes) is cut there, so a
/// damaged file cannot make a request hold it whole.
/// </summary>
internal sealed class RecordSplitter
{
    /// <summary>Far above a runtime record: 16 KiB of content plus its header.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private byte[] _pending = new byte[4096];
    private int _count;

    public List<string> Push(ReadOnlySpan<byte> data)
    {
        var records = new List<string>();
        while (true)
        {
            var newline = data.IndexOf((byte)'\n');
            var part = newline < 0 ? data : data[..newline];
            var take = Math.Max(0, Math.Min(part.Length, MaxRecordBytes - _count));
            if (_count + take > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Min(MaxRecordBytes, Math.Max(_pending.Length * 2, _count + take)));
            }

            part[..take].CopyTo(_pending.AsSpan(_count));
            _count += take;
            if (newline < 0)
            {
                return records;
            }

            records.Add(Encoding.UTF8.GetString(_pending.AsSpan(0, _count)));
            _count = 0;
            data = data[(newline + 1)..];
        }
    }
}
