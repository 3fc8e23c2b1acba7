using Microsoft.Win32.SafeHandles;

namespace Podvisor.Server.Logs;

/// <summary>
/// Finds where the last N lines of a CRI log file begin by reading backwards from its end, as the kubelet's
/// <c>findTailLineStartIndex</c> does (pkg/kubelet/kuberuntime/logs/logs.go): <c>--tail=3</c> of a 100 MB log
/// reads a few blocks, not the file. A line is any number of <c>P</c> records ending in an <c>F</c> record.
/// </summary>
internal static class TailSeeker
{
    private const int BlockBytes = 64 * 1024;
    private const int HeaderBytes = 64;

    /// <summary>The offset of the first record of the last <paramref name="lines"/> complete lines before <paramref name="end"/>.</summary>
    public static long FindStart(SafeFileHandle file, long end, long lines)
    {
        if (lines <= 0)
        {
            return end;
        }

        var block = new byte[BlockBytes];
        var complete = 0L;
        // Walk newlines backwards; the one at end-1 closes the last record, each earlier one closes the record before.
        var position = end;
        var recordEnd = end; // exclusive end (after its newline) of the record being walked into
        var first = true;
        while (position > 0)
        {
            var size = (int)Math.Min(BlockBytes, position);
            position -= size;
            var read = RandomAccess.Read(file, block.AsSpan(0, size), position);
            for (var i = read - 1; i >= 0; i--)
            {
                if (block[i] != (byte)'\n')
                {
                    continue;
                }

                var newlineAt = position + i;
                if (first)
                {
                    // The last newline closes the last whole record; bytes after it are a record still being written.
                    first = false;
                    recordEnd = newlineAt + 1;
                    continue;
                }

                // The record from newlineAt+1 to recordEnd is complete; newlineAt closes the record before it.
                var recordStart = newlineAt + 1;
                if (IsFullRecord(file, recordStart) && ++complete > lines)
                {
                    // That F record ends a line older than the ones asked for: start right after it.
                    return recordEnd;
                }

                recordEnd = recordStart;
            }
        }

        // The file's first record has no newline before it.
        return !first && IsFullRecord(file, 0) && ++complete > lines ? recordEnd : 0;
    }

    private static bool IsFullRecord(SafeFileHandle file, long start)
    {
        // "<timestamp> <stream> <P|F> ...": the tag follows the second space.
        Span<byte> header = stackalloc byte[HeaderBytes];
        var read = RandomAccess.Read(file, header, start);
        var spaces = 0;
        for (var i = 0; i < read - 1; i++)
        {
            if (header[i] == (byte)' ' && ++spaces == 2)
            {
                return header[i + 1] == (byte)'F';
            }
        }

        return true;
    }
}
