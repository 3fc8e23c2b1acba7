using System.Globalization;
using System.Text;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Guard;

/// <summary>
/// Makes leaks impossible even when podvisor is SIGKILLed: a small shell in its own session reads
/// <c>add PGID</c> / <c>del PGID</c> lines from a pipe whose write end only podvisor holds
/// (close-on-exec, and containers get every descriptor above 2 closed). When podvisor dies the
/// kernel closes that end; the shell sees EOF and SIGKILLs every group still registered.
/// A group is registered right after spawn and unregistered after its group kill, before its reap,
/// while its zombie leader still pins the PGID: the guard never holds a reusable PGID.
/// A container's first process waiting at its <see cref="Isolation.StartGate"/> (not yet registered, running nothing
/// of the container) has the gate directory as its working directory: the guard kills those too. Such a child holds
/// podvisor's descriptors until it execs, the pipe's write end included, so a watcher also polls podvisor's PID once a
/// second and, when podvisor is gone, kills the children at the gates, which lets the EOF through.
/// </summary>
internal sealed class ProcessGuard : IAsyncDisposable
{
    internal const string Script = """
        # Kills every process whose working directory is the gate directory. One find, not a readlink per /proc entry:
        # forking hundreds of readlinks took seconds on a loaded machine, while podvisor's children stayed alive.
        sweep() { for d in $(find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$1" 2>/dev/null); do d=${d%/cwd}; kill -9 "${d#/proc/}" 2>/dev/null; done; }
        if [ -n "$1" ]; then
          # A child stuck at its start gate when podvisor died still holds podvisor's descriptors (it has not exec'd),
          # this pipe's write end among them, so EOF never comes: while podvisor ($PPID, our spawner) lives, wait;
          # once it is gone, kill whatever waits at a gate, which lets EOF through to the cleanup below.
          p=$PPID
          ( while kill -0 "$p" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done
            if ! kill -0 "$p" 2>/dev/null; then sweep "$1"; fi ) </dev/null >/dev/null 2>&1 &
        fi
        # awk keeps the live groups (a hash table: an add or a del costs the same at 5000 groups as at 1) and, at EOF,
        # prints those still registered; after "bye" (podvisor's clean exit) it prints "bye". A shell variable per group
        # plus a list of them cost O(groups) each in dash (its variable table has 39 buckets, and the list was copied on
        # each add): at 5000 pods this shell took three times the CPU near the end of the starts as near their beginning,
        # beside podvisor on the same cores (bench/README.md, goal 4). Earlier still, rebuilding a list per del took
        # minutes at 5000 containers, while podvisor waited for this shell at its exit and its event loop waited once the
        # pipe was full.
        # mawk (Debian's awk) reads a pipe until its buffer is full, and would see "bye" only at EOF, unless -W
        # interactive; another awk reads what is there, and is not given an option it may not know.
        a=awk; command -v mawk >/dev/null 2>&1 && a='mawk -W interactive'
        live=$($a '$1 == "add" { a[$2] = 1 } $1 == "del" { delete a[$2] } $1 == "bye" { bye = 1; exit } END { if (bye) print "bye"; else for (p in a) print p }')
        [ "$live" = bye ] && exit 0
        for p in $live; do kill -9 "-$p" 2>/dev/null; done
        if [ -n "$1" ]; then
          # A child still in its file actions when podvisor died reaches the gate a moment later: sweep again.
          for round in 1 2 3; do
            sweep "$1"
            sleep 0.1
          done
          rm -rf -- "$1"
        fi
        """;

    private readonly Lock _gate = new();
    private readonly ProcessGroupLeader _leader;
    private int _input;

    private ProcessGuard(ProcessGroupLeader leader, int input)
    {
        _leader = leader;
        _input = input;
    }

    /// <summary>Completes when the guard shell has exited and been reaped.</summary>
    public Task Exited => _leader.Exited;

    public int ProcessId => _leader.Pid;

    /// <param name="gateDirectory">The start gates' directory, whose waiting children the guard kills too; null when there is none.</param>
    public static ProcessGuard Start(EventLoop loop, TimeProvider time, string shell, string? gateDirectory)
    {
        var (read, write) = Native.CreatePipe();
        try
        {
            var request = new SpawnRequest(
                shell, [shell, "-c", Script, "podvisor-guard", gateDirectory ?? string.Empty], ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "/", StdoutFd: null, StderrFd: null, StdinFd: read);
            var error = Spawner.Spawn(request, out var pid);
            if (error != 0)
            {
                throw new IOException($"could not start the process guard {shell}: error {error}");
            }

            return new ProcessGuard(ProcessGroupLeader.Watch(loop, time, pid, beforeReap: null, afterGroupKilled: null), write);
        }
        catch
        {
            Native.close(write);
            throw;
        }
        finally
        {
            Native.close(read);
        }
    }

    public void Register(int pgid) => Send("add", pgid);

    public void Unregister(int pgid) => Send("del", pgid);

    /// <summary>Closes the registration pipe, exactly what the kernel does when podvisor dies.</summary>
    public void CloseInput()
    {
        lock (_gate)
        {
            if (_input >= 0)
            {
                Native.close(_input);
                _input = -1;
            }
        }
    }

    /// <summary>An orderly end: podvisor killed and reaped what it owned, so the guard leaves without its sweeps.</summary>
    public async ValueTask DisposeAsync()
    {
        Send("bye", 0);
        CloseInput();
        await _leader.Exited.ConfigureAwait(false);
    }

    private void Send(string op, int pgid)
    {
        var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{op} {pgid}\n"));
        lock (_gate)
        {
            // A guard that died (EPIPE) cannot protect anything more; the runtime still kills on dispose.
            if (_input >= 0 && !Native.WriteAll(_input, line))
            {
                Native.close(_input);
                _input = -1;
            }
        }
    }
}
