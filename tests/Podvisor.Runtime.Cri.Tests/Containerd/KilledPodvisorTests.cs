using System.Diagnostics;
using System.Text.RegularExpressions;
using Podvisor.Runtime.Cri.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Cri.Tests.Containerd;

/// <summary>
/// A SIGKILLed podvisor leaves nothing behind: its guard stops containerd and kills every shim and container
/// (containers and shims are reparented away from both, so nothing else would).
/// </summary>
[Collection(ContainerdCollection.Name)]
public sealed partial class KilledPodvisorTests(ContainerdFixture fixture)
{
    [Fact]
    public async Task SIGKILL_of_podvisor_leaves_no_containerd_shim_or_container()
    {
        var directory = Path.Combine(fixture.Directory, "killed-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(directory);
        var manifest = Path.Combine(directory, "pod.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: Pod
            metadata: {name: orphan}
            spec:
              volumes:
              - name: data
                emptyDir: {}
              containers:
              - name: app
                image: registry.k8s.io/busybox:1.27.2
                command: ["sh", "-c", "echo up; exec sleep 1000"]
                volumeMounts:
                - {name: data, mountPath: /data, subPath: a/b}
            """);
        var state = Path.Combine(directory, "state");
        var containerd = Path.Combine(state, "containerd");

        using var podvisor = StartPodvisor(["run", manifest, "--runtime", "containerd", "--state-dir", state, "--registry-mirror", $"registry.k8s.io=http://{fixture.Registry}"]);
        var output = new System.Text.StringBuilder();
        podvisor.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        podvisor.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        podvisor.BeginOutputReadLine();
        podvisor.BeginErrorReadLine();
        int[] left;
        try
        {
            await WaitUntilAsync(() => Output(output).Contains("| up", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => Output(output));
            left = Owned(containerd);

            // containerd, the sandbox's and the container's shims, pause and sleep.
            Assert.True(left.Length >= 4, $"expected containerd, shims and containers to run, found pids {string.Join(", ", left)}");

            // The subPath reached containerd as a bind of podvisor's own, which must not outlive it either.
            Assert.Contains(File.ReadAllLines("/proc/mounts"), line => line.Contains(containerd + "/volume-subpaths/", StringComparison.Ordinal));
        }
        finally
        {
            podvisor.Kill();
            await podvisor.WaitForExitAsync();
        }

        await WaitUntilAsync(() => left.All(pid => !Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(20),
            () => "still running: " + string.Join(", ", left.Where(pid => Directory.Exists($"/proc/{pid}"))));
        Assert.Empty(Owned(containerd));

        // Nor the container root filesystems and sandbox /dev/shm mounts the dead shims held, nor podvisor's subPath binds.
        await WaitUntilAsync(() => !File.ReadAllText("/proc/mounts").Contains(containerd + "/", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            () => "still mounted: " + string.Join(" ", File.ReadAllLines("/proc/mounts").Where(line => line.Contains(containerd, StringComparison.Ordinal))));
    }

    private static Process StartPodvisor(IEnumerable<string> arguments) =>
        Process.Start(PodvisorCli.StartInfo(arguments)) ?? throw new InvalidOperationException("could not start podvisor");

    /// <summary>The processes of this containerd: itself, its shims (by socket), and its containers' init processes (by runc state).</summary>
    private static int[] Owned(string directory)
    {
        var pids = new HashSet<int>();
        var socket = Path.Combine(directory, "containerd.sock");
        var config = Path.Combine(directory, "config.toml");
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0');
                // containerd itself and its shims; not the guard's own grep, whose arguments name the same paths.
                var program = Path.GetFileName(arguments[0]);
                if ((program == "containerd" || program.StartsWith("containerd-shim", StringComparison.Ordinal)) && (arguments.Contains(socket) || arguments.Contains(config)))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        var runc = Path.Combine(directory, "runc");
        if (Directory.Exists(runc))
        {
            foreach (var stateFile in Directory.EnumerateFiles(runc, "state.json", SearchOption.AllDirectories))
            {
                var match = InitPid().Match(File.ReadAllText(stateFile));
                if (match.Success && Directory.Exists($"/proc/{match.Groups[1].Value}"))
                {
                    pids.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return [.. pids];
    }

    private static string Output(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, Func<string> describe) =>
        Polling.EventuallyAsync(condition, limit, TimeSpan.FromMilliseconds(50), describe);

    [GeneratedRegex("\"init_process_pid\":([0-9]+)")]
    private static partial Regex InitPid();
}
