using System.Globalization;

namespace Podvisor.Bench.Core;

/// <summary>The machine and the versions a run measured, for the report's header.</summary>
internal static class Machine
{
    public static async Task<Dictionary<string, string>> Describe(BenchContext context, string commit, bool quick)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "?";
        return new Dictionary<string, string>
        {
            ["date"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["mode"] = quick ? "--quick" : "full",
            ["os / kernel"] = $"{os} / {(await Shell.Version("uname", "-r").ConfigureAwait(false))}",
            ["cpu"] = $"{Environment.ProcessorCount} × {cpu}",
            ["memory"] = $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB",
            ["load average (start)"] = File.ReadAllText("/proc/loadavg").Trim(),
            ["podvisor"] = $"{(await Shell.Version(context.Podvisor, "--version").ConfigureAwait(false))} (commit {commit}, Release publish)",
            [".NET"] = Environment.Version.ToString(),
            ["supervisord"] = await Shell.Version("/usr/bin/supervisord", "--version").ConfigureAwait(false),
            ["podman"] = await Shell.Version("/usr/bin/podman", "--version").ConfigureAwait(false),
            ["runc"] = await Shell.Version("/usr/sbin/runc", "--version").ConfigureAwait(false),
            ["conmon"] = await Shell.Version("/usr/bin/conmon", "--version").ConfigureAwait(false),
            ["gcc (limit.c)"] = await Shell.Version("gcc", "--version").ConfigureAwait(false),
        };
    }
}
