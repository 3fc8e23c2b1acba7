using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Hosting;

/// <summary>The one Node: this machine, as <c>kubectl get/describe node</c> expects to see it.</summary>
internal static class NodeObject
{
    public static JsonObject Build(string nodeName, string address, DateTimeOffset now)
    {
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024;
        var capacity = new JsonObject
        {
            ["cpu"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["memory"] = $"{memory}Ki",
            ["pods"] = "110",
        };
        var stamp = ObjectMetadata.Timestamp(now);
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = stamp,
            ["lastTransitionTime"] = stamp,
            ["reason"] = reason,
            ["message"] = message,
        };

        return new JsonObject
        {
            ["kind"] = "Node",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = nodeName,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/arch"] = arch,
                    ["kubernetes.io/hostname"] = nodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = arch,
                    ["beta.kubernetes.io/os"] = "linux",
                },
            },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject
            {
                ["capacity"] = capacity,
                ["allocatable"] = capacity.DeepClone(),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = address },
                    new JsonObject { ["type"] = "Hostname", ["address"] = nodeName }),
                ["nodeInfo"] = new JsonObject
                {
                    ["machineID"] = ReadFirstLine("/etc/machine-id"),
                    ["systemUUID"] = string.Empty,
                    ["bootID"] = ReadFirstLine("/proc/sys/kernel/random/boot_id"),
                    ["kernelVersion"] = ReadFirstLine("/proc/sys/kernel/osrelease"),
                    ["osImage"] = OsImage(),
                    ["containerRuntimeVersion"] = "podvisor://0.1.0",
                    ["kubeletVersion"] = "v1.32.4",
                    ["kubeProxyVersion"] = string.Empty,
                    ["operatingSystem"] = "linux",
                    ["architecture"] = arch,
                },
            },
        };
    }

    private static string ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string OsImage()
    {
        try
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line is null ? "Linux" : line["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException)
        {
            return "Linux";
        }
    }
}
