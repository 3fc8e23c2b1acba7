using System.Globalization;
using System.Text;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Peers;

/// <summary>
/// One supervisord instance with its own config, socket, log and pid file (as bench/README.md's peer set-up describes: daemonized,
/// child output to AUTO log files), driven over XML-RPC. Disposal shuts it down and waits for its pid to go.
/// </summary>
internal sealed class Supervisord : IAsyncDisposable
{
    private Supervisord(string dir, int pid, XmlRpcClient rpc)
    {
        Dir = dir;
        Pid = pid;
        Rpc = rpc;
    }

    public string Dir { get; }

    public int Pid { get; }

    public XmlRpcClient Rpc { get; }

    public string Config => Path.Combine(Dir, "supervisord.conf");

    public string LogFile => Path.Combine(Dir, "supervisord.log");

    public static bool Available => File.Exists("/usr/bin/supervisord");

    /// <summary>
    /// supervisord's <c>minfds</c>: the hard RLIMIT_NOFILE it inherits (root lacks CAP_SYS_RESOURCE here, so no more
    /// can be had), at least 16384 as before. supervisord raises its soft limit to it, or refuses to start when the hard
    /// limit is lower. Each program costs it about five descriptors (three pipes' ends, two AUTO log files).
    /// </summary>
    public static int MinFds => Math.Max(16384, NoFileLimit.Hard());

    /// <summary>Writes the config and starts supervisord; returns once it answers RPC (not once programs run).</summary>
    public static async Task<Supervisord> Start(string dir, IEnumerable<SupervisordProgram> programs, string logLevel = "info")
    {
        var config = WriteConfig(dir, programs, logLevel);
        (await Shell.Run("/usr/bin/supervisord", ["-c", config], timeout: TimeSpan.FromSeconds(60)).ConfigureAwait(false)).Check("supervisord");
        var rpc = new XmlRpcClient(Path.Combine(dir, "supervisor.sock"));
        var answered = await Clock.Until(() => TryCall(rpc), TimeSpan.FromSeconds(120), 10).ConfigureAwait(false);
        var pid = int.Parse(File.ReadAllText(Path.Combine(dir, "supervisord.pid")).Trim(), CultureInfo.InvariantCulture);
        var instance = new Supervisord(dir, pid, rpc);
        if (!answered)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException("supervisord did not answer RPC within 120 s");
        }

        return instance;
    }

    public static string WriteConfig(string dir, IEnumerable<SupervisordProgram> programs, string logLevel)
    {
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        var text = new StringBuilder($"""
            [unix_http_server]
            file={dir}/supervisor.sock

            [supervisord]
            logfile={dir}/supervisord.log
            pidfile={dir}/supervisord.pid
            childlogdir={dir}/logs
            loglevel={logLevel}
            nodaemon=false
            minfds={MinFds}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{dir}/supervisor.sock

            """);
        foreach (var program in programs)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[program:{program.Name}]\ncommand={program.Command}\n");
            foreach (var (key, value) in program.Settings)
            {
                text.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
            }
        }

        var path = Path.Combine(dir, "supervisord.conf");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public async Task<int> ProgramPid(string name)
    {
        var info = (Dictionary<string, object?>)(await Rpc.Call("supervisor.getProcessInfo", name).ConfigureAwait(false))!;
        return (int)info["pid"]!;
    }

    public async Task<List<Dictionary<string, object?>>> AllInfo()
    {
        var all = (List<object?>)(await Rpc.Call("supervisor.getAllProcessInfo").ConfigureAwait(false))!;
        return all.Cast<Dictionary<string, object?>>().ToList();
    }

    /// <summary>The wall-clock µs of a supervisord log line (<c>2026-11-25 17:01:02,345 INFO ...</c>, local time, ms).</summary>
    public static long? LogTimeUs(string line)
    {
        if (line.Length < 23 || !DateTime.TryParseExact(line[..23], "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
        {
            return null;
        }

        return Clock.ToUs(new DateTimeOffset(local));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Rpc.Call("supervisor.shutdown").ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException)
        {
            Native.Signal(Pid, Native.SIGTERM);
        }

        if (await Native.WhenExited(Pid, TimeSpan.FromSeconds(60)).ConfigureAwait(false) is null)
        {
            Native.Signal(Pid, Native.SIGKILL);
        }

        Rpc.Dispose();
    }

    private static bool TryCall(XmlRpcClient rpc)
    {
        try
        {
            rpc.Call("supervisor.getState").GetAwaiter().GetResult();
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
        {
            return false;
        }
    }
}
