using System.Text.Json;
using System.Text.RegularExpressions;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary>Defer containers (the <c>podvisor.io/defer-containers</c> annotation) through the real executable.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunDeferTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task DeletedPod_DeferContainerWritesAFileAfterTheAppStopped_ShownInEventsAndStatus()
    {
        var data = Directory.CreateTempSubdirectory("podvisor-e2e-defer-");
        try
        {
            var manifest = $$"""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: deferred
                  annotations:
                    podvisor.io/defer-containers: |
                      - name: cleanup
                        image: busybox:1.36
                        command: [sh, -c, 'echo "cleanup after: $(cat /data/app)" > /data/cleanup; echo cleaned']
                        volumeMounts:
                        - name: data
                          mountPath: /data
                spec:
                  terminationGracePeriodSeconds: 10
                  volumes:
                  - name: data
                    hostPath:
                      path: {{data.FullName}}
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sh, -c, "trap 'echo stopped > /data/app; exit 0' TERM; echo running; while true; do sleep 1 & wait $!; done"]
                    volumeMounts:
                    - name: data
                      mountPath: /data
                """;
            await using var run = PodvisorProcess.StartRun(podvisor, ["-o", "json", "-"], manifest);

            await run.WaitForStderrLineAsync(line => Regex.IsMatch(line, @"deferred/app +\| running$"));
            Assert.False(File.Exists(Path.Combine(data.FullName, "cleanup")));
            await run.SignalAsync("INT");

            Assert.Equal(0, await run.WaitForExitAsync());

            // It ran after the app had stopped: it saw what the app wrote on SIGTERM.
            Assert.Equal("cleanup after: stopped\n", await File.ReadAllTextAsync(Path.Combine(data.FullName, "cleanup")));
            Assert.Matches(@"deferred/cleanup +\| cleaned", run.Stderr);
            Assert.Matches(@"deferred/cleanup +! event Normal Started: Started container cleanup", run.Stderr);

            using var list = JsonDocument.Parse(run.Stdout);
            var items = list.RootElement.GetProperty("items").EnumerateArray().ToList();
            var pod = items.Single(i => i.GetProperty("kind").GetString() == "Pod");
            var statuses = JsonDocument.Parse(pod.GetProperty("metadata").GetProperty("annotations").GetProperty("podvisor.io/defer-container-statuses").GetString()!);
            var cleanup = Assert.Single(statuses.RootElement.EnumerateArray());
            Assert.Equal("cleanup", cleanup.GetProperty("name").GetString());
            Assert.Equal(0, cleanup.GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());
            Assert.Equal(["app"], pod.GetProperty("status").GetProperty("containerStatuses").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
            Assert.Contains(items, i => i.GetProperty("kind").GetString() == "Event"
                && i.GetProperty("involvedObject").TryGetProperty("fieldPath", out var fieldPath)
                && fieldPath.GetString() == "spec.deferContainers{cleanup}"
                && i.GetProperty("reason").GetString() == "Started");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task InvalidDeferContainer_ExitsTwoNamingItsPseudoPath()
    {
        const string manifest = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: bad-defer
              annotations:
                podvisor.io/defer-containers: '[{"name": "app", "image": "busybox", "comand": ["true"]}]'
            spec:
              containers:
              - name: app
                image: busybox:1.36
            """;
        await using var run = PodvisorProcess.StartRun(podvisor, ["-"], manifest);

        Assert.Equal(2, await run.WaitForExitAsync());
        Assert.Contains("metadata.annotations[podvisor.io/defer-containers][0].comand: Forbidden: unknown field", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeferExample_FlushThenDeregister_InOrder()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("defer/pod.yaml"), "--stop-after", "2s"]);

        Assert.Equal(0, await run.WaitForExitAsync());
        var lines = run.Stderr.Split('\n').ToList();
        var flushed = lines.FindIndex(l => l.Contains("defer-demo/flush", StringComparison.Ordinal) && l.Contains("| flushing 2 journal entries", StringComparison.Ordinal));
        var deregistered = lines.FindIndex(l => l.Contains("defer-demo/deregister", StringComparison.Ordinal) && l.Contains("| deregistered", StringComparison.Ordinal));
        Assert.True(flushed >= 0 && flushed < deregistered, run.Describe());
        Assert.EndsWith("after: stopped", lines[deregistered].TrimEnd(), StringComparison.Ordinal);
    }
}
