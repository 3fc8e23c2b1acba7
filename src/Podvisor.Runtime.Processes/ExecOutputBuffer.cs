using System.Text;

namespace Podvisor.Runtime.Processes;

/// <summary>An exec's combined stdout and stderr, keeping the first <c>limit</c> bytes as the kubelet's LimitWriter does.</summary>
internal sealed class ExecOutputBuffer(int limit)
{
    private readonly Lock _gate = new();
    private readonly byte[] _bytes = new byte[limit];
    private int _count;

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var take = Math.Min(_bytes.Length - _count, data.Length);
            data[..take].CopyTo(_bytes.AsSpan(_count));
            _count += take;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(_bytes, 0, _count);
        }
    }
}
