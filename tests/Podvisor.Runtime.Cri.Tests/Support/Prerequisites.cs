using Podvisor.Runtime.Cri.Containerd;

namespace Podvisor.Runtime.Cri.Tests.Support;

/// <summary>What these tests need; a missing part fails them with how to get it, never skips them.</summary>
internal static class Prerequisites
{
    public static void Check()
    {
        var problems = new List<string>();
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
        {
            problems.Add("they must run as root (containerd and runc need it)");
        }

        foreach (var (program, package) in new[] { ("containerd", "containerd"), ("ctr", "containerd"), ("runc", "runc"), ("docker-registry", "docker-registry"), ("curl", "curl") })
        {
            if (ExecutableSearch.Find(program) is null)
            {
                problems.Add($"{program} is missing (apt-get install {package})");
            }
        }

        if (!File.Exists("/bin/busybox"))
        {
            problems.Add("/bin/busybox is missing (apt-get install busybox-static)");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The CRI runtime tests cannot run: " + string.Join("; ", problems) + ". .ci/run installs these.");
        }
    }
}
