using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>Root's launcher (MountNamespaceLauncher): the private /tmp and volume binds, starts and execs, with real processes in real mount namespaces.</summary>
public sealed class IsolationTests : MountNamespaceTests
{
    [Fact]
    public async Task StaleHostTmpFile_IsNotVisibleInTheContainer()
    {
        var stale = HostTmpFile("stale");

        var container = await H.ShAsync($"if [ -e {stale} ]; then echo visible; else echo hidden; fi; touch /tmp/mine");
        await Harness.Within(container.Exited);

        Assert.Equal("hidden", Assert.Single(H.Lines.Snapshot()).Text);
        Assert.False(File.Exists("/tmp/mine"), "the container's /tmp must not be the host's");
    }

    [Fact]
    public async Task TwoContainers_DoNotSeeEachOthersTmp()
    {
        var writer = await Start("writer", ["sh", "-c", "echo secret > /tmp/shared-name; echo written; sleep 1000"]);
        await H.Lines.WaitForAsync("written");

        var reader = await Start("reader", ["sh", "-c", "cat /tmp/shared-name 2>/dev/null || echo absent"]);
        await Harness.Within(reader.Exited);

        Assert.Equal("absent", (await H.Lines.WaitForAsync(l => l.ContainerName == "reader")).Text);
        writer.Signal(Signals.SigKill);
    }

    [Fact]
    public async Task Container_KeepsItsPid_ThroughTheSetup()
    {
        var container = await H.ShAsync("echo $$; sleep 1000");

        var line = await H.Lines.WaitForAsync(_ => true);

        // The shell is PID 1 of its namespace, and that process is the one podvisor spawned (no setup process between).
        Assert.Equal("1", line.Text);
        Assert.Equal(container.ProcessId, ProcessProbe.HostPid(container.ProcessId, 1));
        container.Signal(Signals.SigKill);
        Assert.Equal(137, (await Harness.Within(container.Exited)).ExitCode);
    }

    [Fact]
    public async Task StartsAndExecs_LeaveNoThreadOfThisProcessInAContainersNamespace()
    {
        static string? MountNamespace(string proc) => new FileInfo(Path.Combine(proc, "ns", "mnt")).LinkTarget;
        var host = MountNamespace("/proc/self");
        Assert.StartsWith("mnt:[", host, StringComparison.Ordinal);
        var containers = new List<IRunningContainer>();
        for (var i = 0; i < 5; i++)
        {
            var container = await H.ShAsync("sleep 1000");
            containers.Add(container);
            Assert.Equal(0, (await container.ExecAsync(["true"], TimeSpan.FromSeconds(10), CancellationToken.None)).ExitCode);
            Assert.NotEqual(host, MountNamespace($"/proc/{container.ProcessId}"));
        }

        // Namespaces belong to threads: every thread of this process, the pool's included, must still be in the host's.
        // A pool thread that exits between the listing and the readlink has no namespace links any more (null): it is in no
        // container's namespace either, so only the threads still alive are compared. The runtime's own private threads
        // ("podvisor namespace", cut to 15 bytes by the kernel) and the start gate's attendants ("podvisor start gate",
        // created by a private thread after its unshare, to mount the new PID namespace's /proc there) are in a
        // container's namespace by design while they spawn for a test running in parallel, and end with their spawn:
        // they are not the threads this test is about. Nor is the garbage collector's background thread (".NET BGC"): the
        // collector starts it on whichever thread's allocation triggers a background collection, a private thread's
        // included, and it runs no managed code, so no path of podvisor's is resolved in it (the runtime's README says so).
        static bool IsPrivateSpawnThread(string task) =>
            ReadOrEmpty(Path.Combine(task, "comm")) is var comm
            && (comm.StartsWith("podvisor namesp", StringComparison.Ordinal) || comm.StartsWith("podvisor start ", StringComparison.Ordinal)
                || comm.StartsWith(".NET BGC", StringComparison.Ordinal));
        static string ReadOrEmpty(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }

        var threads = Directory.GetDirectories("/proc/self/task").Where(task => !IsPrivateSpawnThread(task));
        var alive = threads.Select(task => (task, ns: MountNamespace(task))).Where(t => t.ns is not null).ToList();
        Assert.NotEmpty(alive);
        var strays = alive.Where(t => t.ns != host).Select(t => $"{t.task} ({ReadOrEmpty(Path.Combine(t.task, "comm")).Trim()}) in {t.ns}").ToList();
        Assert.True(strays.Count == 0, $"threads of this process in a container's mount namespace: {string.Join(", ", strays)}");
        foreach (var container in containers)
        {
            container.Signal(Signals.SigKill);
        }
    }

    [Fact]
    public async Task Exec_WritesIntoTheContainersTmp_AndTheContainerSeesIt()
    {
        var stale = HostTmpFile("exec-done");
        var container = await H.ShAsync($"echo waiting; while [ ! -e {stale} ]; do sleep 0.05; done; echo seen: $(cat {stale})");
        await H.Lines.WaitForAsync("waiting");

        var result = await container.ExecAsync(["sh", "-c", $"echo from-exec > {stale}; cat {stale}"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("from-exec\n", result.Output);
        Assert.Equal("seen: from-exec", (await H.Lines.WaitForAsync(l => l.Text.StartsWith("seen:", StringComparison.Ordinal))).Text);
        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("stale on the host", File.ReadAllText(stale).Trim());
    }

    [Fact]
    public async Task Exec_AfterTheContainerExited_IsRefused()
    {
        var container = await H.StartAsync("true");
        await Harness.Within(container.Exited);

        var error = await Assert.ThrowsAsync<ExecStartException>(() => container.ExecAsync(["true"], null, CancellationToken.None));

        Assert.EndsWith("\": OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedVolume_InitContainerPreparesAFile_TheAppReadsIt()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "volume")).FullName;
        // /srv exists on the host (a missing mount point would be created there); the container sees the volume over it.
        var mounts = new List<ContainerMount> { new("/srv", volume, ReadOnly: false) };
        var init = await Start("init", ["sh", "-c", "echo prepared-by-init > /srv/podvisor-test-config"], mounts);
        Assert.Equal(0, (await Harness.Within(init.Exited)).ExitCode);

        var app = await Start("app", ["cat", "/srv/podvisor-test-config"], mounts);
        Assert.Equal(0, (await Harness.Within(app.Exited)).ExitCode);

        Assert.Equal("prepared-by-init", (await H.Lines.WaitForAsync(l => l.ContainerName == "app")).Text);
        Assert.True(File.Exists(Path.Combine(volume, "podvisor-test-config")));
        Assert.False(File.Exists("/srv/podvisor-test-config"), "the host's /srv is untouched");
    }

    [Fact]
    public async Task Volume_UnderTmp_WithItsSourceInTheHostsTmp_IsMounted()
    {
        // The engine's state directory defaults to the host's /tmp: a source there must be bound before /tmp is covered.
        var source = Directory.CreateTempSubdirectory("podvisor-isolation-src-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(source, "f"), "from-host-tmp");
            var container = await Start("c", ["cat", "/tmp/shared/f"], [new("/tmp/shared", source, ReadOnly: false)]);

            Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
            Assert.Equal("from-host-tmp", Assert.Single(H.Lines.Snapshot()).Text);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task MissingMountPoint_OutsideTmp_IsCreatedOnTheHost_Empty()
    {
        // A bind needs an existing mount point: outside the private /tmp, podvisor creates it on the host (documented).
        var mountPoint = $"/podvisor-mountpoint-{Guid.NewGuid():N}";
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "v")).FullName;
        try
        {
            var container = await Start("c", ["sh", "-c", $"echo inside > {mountPoint}/file"], [new(mountPoint, volume, false)]);

            Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
            Assert.True(Directory.Exists(mountPoint));
            Assert.Empty(Directory.EnumerateFileSystemEntries(mountPoint));
            Assert.Equal("inside\n", File.ReadAllText(Path.Combine(volume, "file")));
        }
        finally
        {
            if (Directory.Exists(mountPoint))
            {
                Directory.Delete(mountPoint);
            }
        }
    }

    [Fact]
    public async Task ReadOnlyVolume_RefusesWrites()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "ro")).FullName;

        var container = await Start("c", ["sh", "-c", "touch /tmp/ro/x 2>/dev/null && echo wrote || echo refused"], [new("/tmp/ro", volume, ReadOnly: true)]);
        await Harness.Within(container.Exited);

        Assert.Equal("refused", Assert.Single(H.Lines.Snapshot()).Text);
        Assert.Empty(Directory.GetFiles(volume));
    }

    [Fact]
    public async Task FileVolume_IsBoundOntoAFile()
    {
        var file = Path.Combine(H.Directory, "settings.conf");
        File.WriteAllText(file, "key=value\n");

        var container = await Start("c", ["cat", "/tmp/etc/settings.conf"], [new("/tmp/etc/settings.conf", file, ReadOnly: true)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("key=value", Assert.Single(H.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task NestedVolumes_AreBothVisible()
    {
        var outer = Directory.CreateDirectory(Path.Combine(H.Directory, "outer")).FullName;
        var inner = Directory.CreateDirectory(Path.Combine(H.Directory, "inner")).FullName;
        File.WriteAllText(Path.Combine(outer, "o"), "outer\n");
        File.WriteAllText(Path.Combine(inner, "i"), "inner\n");

        var container = await Start("c", ["sh", "-c", "cat /tmp/a/o /tmp/a/b/i"], [new("/tmp/a/b", inner, false), new("/tmp/a", outer, false)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal(["outer", "inner"], H.Lines.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public async Task NestedReadOnlyVolume_StaysReadOnly_InsideAWritableOne()
    {
        var outer = Directory.CreateDirectory(Path.Combine(H.Directory, "rw-outer")).FullName;
        var inner = Directory.CreateDirectory(Path.Combine(H.Directory, "ro-inner")).FullName;

        var container = await Start(
            "c",
            ["sh", "-c", "touch /srv/a 2>/dev/null && echo outer-writable; touch /srv/in/b 2>/dev/null || echo inner-read-only"],
            [new("/srv", outer, false), new("/srv/in", inner, true)]);
        await Harness.Within(container.Exited);

        Assert.Equal(["outer-writable", "inner-read-only"], H.Lines.Snapshot().Select(l => l.Text));
        Assert.Empty(Directory.EnumerateFileSystemEntries(inner));
    }

    [Fact]
    public async Task VolumeAtTmp_ReplacesThePrivateTmp()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "tmpvol")).FullName;

        var container = await Start("c", ["sh", "-c", "echo x > /tmp/in-volume"], [new("/tmp", volume, false)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(File.Exists(Path.Combine(volume, "in-volume")));
    }

    [Fact]
    public async Task MissingVolumeSource_IsCreatedAsADirectory_AsContainerdDoes()
    {
        var missing = Path.Combine(H.Directory, "no-such-source", "deeper");

        var container = await Start("c", ["sh", "-c", "echo x > /tmp/data/f"], [new("/tmp/data", missing, false)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(missing, "f")));
    }

    [Fact]
    public async Task FailedBind_FailsTheStartInRuncsWords()
    {
        // A file cannot be bound over a directory (/srv exists on the host).
        var file = Path.Combine(H.Directory, "a-file");
        File.WriteAllText(file, "x");

        var error = await Assert.ThrowsAsync<ContainerStartException>(() => Start("c", ["true"], [new("/srv", file, false)]));

        Assert.Equal(
            $"failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting \"{file}\" to rootfs at \"/srv\": mount {file}:/srv, flags: 0x5000: not a directory: unknown",
            error.Message);
        Assert.Empty(H.Lines.Snapshot());
    }

    [Fact]
    public async Task Command_InAVolume_IsFoundThroughTheVolume()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "bin")).FullName;
        var script = Path.Combine(volume, "hello.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hello from the volume\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var container = await Start("c", ["/tmp/tools/hello.sh"], [new("/tmp/tools", volume, true)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("hello from the volume", Assert.Single(H.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task SubPath_IsBoundFromInsideItsVolume()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "vol")).FullName;
        var sub = Directory.CreateDirectory(Path.Combine(volume, "a", "b")).FullName;
        File.WriteAllText(Path.Combine(sub, "f"), "inside");

        var container = await Start("c", ["cat", "/srv/f"], [new("/srv", sub, ReadOnly: true, Beneath: volume)]);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("inside", Assert.Single(H.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task SubPath_SwappedForALinkAfterTheCheck_IsNotBound()
    {
        // The engine resolved volume/a/b inside the volume; then a container replaced "a" with a link to a host
        // directory. Bound by path, the container would write to the host; bound as the kubelet does, the start fails.
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "vol")).FullName;
        var resolved = Path.Combine(volume, "a", "b");
        var outside = Directory.CreateDirectory(Path.Combine(H.Directory, "host", "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(volume, "a"), Path.GetDirectoryName(outside)!);

        var start = Start("c", ["sh", "-c", "echo escaped > /srv/ESCAPED"], [new("/srv", resolved, ReadOnly: false, Beneath: volume)]);

        var failure = await Assert.ThrowsAsync<ContainerStartException>(() => start);
        Assert.Contains("error mounting", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outside, "ESCAPED")), "the container wrote outside its volume");
    }

    [Fact]
    public async Task WorkingDirectory_InsideTheContainersView_IsHonoured()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "work")).FullName;
        var launch = H.Launch(["pwd"], workingDirectory: "/tmp/work", mounts: [new("/tmp/work", volume, false)]);

        var container = await H.Runtime.StartAsync(launch, CancellationToken.None);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal("/tmp/work", Assert.Single(H.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task Exec_StartsInTheContainersWorkingDirectory_InsideAVolume()
    {
        var volume = Directory.CreateDirectory(Path.Combine(H.Directory, "work")).FullName;
        var launch = H.Launch(["sh", "-c", "echo from-app > here; echo ready; sleep 1000"], workingDirectory: "/tmp/work", mounts: [new("/tmp/work", volume, false)]);
        var container = await H.Runtime.StartAsync(launch, CancellationToken.None);
        await H.Lines.WaitForAsync("ready");

        var result = await container.ExecAsync(["sh", "-c", "pwd; cat here; ls /proc/self/fd | sort -n | tr '\\n' ' '"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/tmp/work\nfrom-app\n0 1 2 3 ", result.Output);
    }

    [Fact]
    public async Task Dispose_RemovesTheInstancesPrivateTmp()
    {
        var launch = H.Launch(["sh", "-c", "echo x > /tmp/file"]);
        var container = await H.Runtime.StartAsync(launch, CancellationToken.None);
        await Harness.Within(container.Exited);
        Assert.True(File.Exists(Path.Combine(launch.ScratchDirectory!, "tmp", "file")));

        await container.DisposeAsync();

        Assert.False(Directory.Exists(launch.ScratchDirectory));
    }

    [Fact]
    public async Task PrivateTmp_IsWorldWritableWithTheStickyBit()
    {
        var container = await H.ShAsync("stat -c %a /tmp");
        await Harness.Within(container.Exited);

        Assert.Equal("1777", Assert.Single(H.Lines.Snapshot()).Text);
    }

    [Fact]
    public async Task ImageFiles_UnderTheHostsTmp_StayVisible_WhileTheRestOfTmpIsPrivate()
    {
        // podvisor published to /tmp/x ships its images there: the image's files are not the host's /tmp.
        var image = Directory.CreateDirectory(Path.Combine("/tmp", $"podvisor-isolation-image-{Guid.NewGuid():N}")).FullName;
        try
        {
            File.WriteAllText(Path.Combine(image, "app.txt"), "image file\n");
            var stale = HostTmpFile("stale-beside-image");
            var launch = H.Launch(["sh", "-c", $"cat app.txt; [ -e {stale} ] && echo stale-visible || echo stale-hidden"], workingDirectory: image)
                with { ImageDirectory = image };

            var container = await H.Runtime.StartAsync(launch, CancellationToken.None);

            Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
            Assert.Equal(["image file", "stale-hidden"], H.Lines.Snapshot().Select(l => l.Text));
        }
        finally
        {
            Directory.Delete(image, recursive: true);
        }
    }

    private Task<IRunningContainer> Start(string name, IReadOnlyList<string> argv, IReadOnlyList<ContainerMount>? mounts = null) =>
        H.Runtime.StartAsync(
            H.Launch(argv, mounts: mounts) with { ContainerName = name, LogPath = Path.Combine(H.Directory, "logs", name, "0.log") },
            CancellationToken.None);

    /// <summary>A file in the host's real /tmp, removed after the test.</summary>
    private string HostTmpFile(string name)
    {
        var path = Path.Combine("/tmp", $"podvisor-isolation-{name}-{Guid.NewGuid():N}");
        File.WriteAllText(path, "stale on the host\n");
        HostFiles.Add(path);
        return path;
    }
}
