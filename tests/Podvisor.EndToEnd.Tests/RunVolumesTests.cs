using System.Text.RegularExpressions;
using Podvisor.EndToEnd.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests;

/// <summary>Volumes and the private /tmp through <c>podvisor run</c>, as a user runs the examples.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunVolumesTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task VolumesExample_InitRendersIntoEmptyDir_AppReadsIt_TmpIsPrivate_VolumeRemoved()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("volumes/pod.yaml")]);

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Equal(["rendered /srv/app.conf"], LogLines(run, "volumes-demo/render-config"));
        Assert.Equal(
            ["config: greeting=hello from volumes-demo rendered-by=render-config ", "/tmp: private", "volume: read-only"],
            LogLines(run, "volumes-demo/app"));
        Assert.DoesNotContain("Warning:", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(run.StateDirectory, "kubernetes.io~empty-dir", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SubPathSymlinkMadeByAContainer_LeadingOutOfTheVolume_IsNotBound()
    {
        var outside = Directory.CreateTempSubdirectory("podvisor-e2e-escape-target-");
        try
        {
            // The first container links the emptyDir to a host directory; the second mounts that link via subPath
            // and writes into it. The kubelet refuses the subPath; so must we, or the write lands on the host.
            var manifest = $$"""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: escape
                spec:
                  restartPolicy: Never
                  volumes:
                  - name: data
                    emptyDir: {}
                  initContainers:
                  - name: link
                    image: busybox:1.36
                    command: [sh, -c, "ln -s {{outside.FullName}} /data/escape && echo linked"]
                    volumeMounts:
                    - {name: data, mountPath: /data}
                  containers:
                  - name: writer
                    image: busybox:1.36
                    command: [sh, -c, "echo escaped > /out/ESCAPED"]
                    volumeMounts:
                    - {name: data, mountPath: /out, subPath: escape}
                """;
            await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);

            // The kubelet's CreateContainerConfigError: the start is refused and retried on each sync, never run.
            await run.WaitForStderrAsync("escape/writer ! event Warning Failed: Error: failed to prepare subPath for volumeMount \"data\" of container \"writer\"");
            await run.SignalAsync("INT");
            await run.WaitForExitAsync();
            Assert.Matches(@"escape/link +\| linked", run.Stderr);
            Assert.Matches(@"writer +.*CreateContainerConfigError", run.Stderr);
            Assert.Empty(Directory.EnumerateFileSystemEntries(outside.FullName));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task InitExample_StepsShareAnEmptyDir_AppPrintsThemInOrder()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("init/pod.yaml")]);

        Assert.Equal(0, await run.WaitForExitAsync());
        Assert.Equal(["step-1 was here", "step-2 was here", "step-3 was here"], LogLines(run, "init-demo/app"));
    }

    [Fact]
    public async Task StaleHostPostStartDone_DoesNotShortCircuitThePostStartWait()
    {
        // The seed's pattern, with a sleep 2 hook: the app must wait for the hook, not the host's leftover file.
        const string marker = "/tmp/postStart-done";
        using var held = await MachineLock.ForHostPostStartFileAsync(TimeSpan.FromMinutes(5));
        var created = !File.Exists(marker);
        if (created)
        {
            await File.WriteAllTextAsync(marker, "stale from the host\n");
        }

        try
        {
            const string manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: poststart
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                  - name: app
                    image: busybox:1.36
                    command:
                    - sh
                    - -c
                    - |
                      while [ ! -f /tmp/postStart-done ]; do sleep 0.1; done
                      echo "postStart Message: $(cat /tmp/postStart-done)"
                      trap 'exit 0' TERM
                      while true; do sleep 1 & wait $!; done
                    lifecycle:
                      postStart:
                        exec:
                          command: [sh, -c, 'sleep 2 && echo written by the hook > /tmp/postStart-done']
                """;
            await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);

            var line = await run.WaitForStderrAsync("poststart/app | postStart Message:");
            Assert.EndsWith("postStart Message: written by the hook", line, StringComparison.Ordinal);
            await run.SignalAsync("INT");
            Assert.Equal(0, await run.WaitForExitAsync());
            if (created)
            {
                Assert.Equal("stale from the host\n", await File.ReadAllTextAsync(marker));
            }
        }
        finally
        {
            if (created)
            {
                File.Delete(marker);
            }
        }
    }

    /// <summary>What a container wrote, from the live view's <c>pod/container   | line</c> lines (the prefix is padded).</summary>
    private static List<string> LogLines(PodvisorProcess run, string prefix) =>
        run.Stderr.Split('\n')
            .Select(line => Regex.Match(line, $@"\s{Regex.Escape(prefix)}\s+\| (.*)$"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
}
