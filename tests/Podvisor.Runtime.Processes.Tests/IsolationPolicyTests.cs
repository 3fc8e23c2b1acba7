using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// The choice of launcher for every kind of host, through an injected probe: a row per case (what is asked, whether
/// podvisor is root, which tool is missing, what the kernel allows), and the mode, PID namespaces and note it gives.
/// </summary>
public sealed class IsolationPolicyTests
{
    private const string NotRootNote = "podvisor: not running as root: each container gets its private /tmp and volumes in an unprivileged user namespace";
    private const string UserNote = "podvisor: user-namespace isolation: no PID namespace";
    private const string OffNote = "podvisor: isolation none: no PID namespace: the stop signal goes to the container's whole process group";
    private const string ProcNote = "podvisor: this kernel's proc has no pidns option (Linux 6.18): no PID namespace";
    private const string Unisolated = "podvisor: no filesystem isolation: ";
    private const string Missing = "' was not found in /usr/sbin:/usr/bin:/sbin:/bin (install util-linux and coreutils)";

    [Flags]
    public enum Kernel
    {
        Nothing = 0,
        MountNamespace = 1,
        UserNamespace = 2,
        ProcPidns = 4,
        All = MountNamespace | UserNamespace | ProcPidns,
    }

    [Theory]
    // Root: the mount namespace, in-process; it needs no util-linux program, only sh for a pod's pause process.
    [InlineData(nameof(IsolationPreference.Auto), true, "", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "unshare", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "nsenter", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "mount", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "mkdir", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "env", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.MountNamespace), true, "unshare", Kernel.All, nameof(IsolationMode.MountNamespace), true, null)]
    [InlineData(nameof(IsolationPreference.Auto), true, "", Kernel.MountNamespace | Kernel.UserNamespace, nameof(IsolationMode.MountNamespace), false, ProcNote)]
    [InlineData(nameof(IsolationPreference.Auto), true, "sh", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'sh" + Missing)]
    [InlineData(nameof(IsolationPreference.MountNamespace), true, "sh", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'sh" + Missing)]
    [InlineData(nameof(IsolationPreference.MountNamespace), true, "", Kernel.UserNamespace, nameof(IsolationMode.None), false, Unisolated + "this host does not allow a mount namespace")]
    [InlineData(nameof(IsolationPreference.Auto), true, "", Kernel.UserNamespace | Kernel.ProcPidns, nameof(IsolationMode.UserNamespace), false, NotRootNote)]
    [InlineData(nameof(IsolationPreference.Auto), true, "unshare", Kernel.UserNamespace, nameof(IsolationMode.None), false, Unisolated + "'unshare" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), true, "", Kernel.Nothing, nameof(IsolationMode.None), false, Unisolated + "this host allows neither a mount namespace nor a user namespace")]
    [InlineData(nameof(IsolationPreference.UserNamespace), true, "", Kernel.All, nameof(IsolationMode.UserNamespace), false, UserNote)]
    [InlineData(nameof(IsolationPreference.None), true, "", Kernel.All, nameof(IsolationMode.None), false, OffNote)]

    // Not root: an unprivileged user namespace through unshare, nsenter, sh, env, mount and mkdir; all of them needed.
    [InlineData(nameof(IsolationPreference.Auto), false, "", Kernel.All, nameof(IsolationMode.UserNamespace), false, NotRootNote)]
    [InlineData(nameof(IsolationPreference.Auto), false, "unshare", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'unshare" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "nsenter", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'nsenter" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "sh", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'sh" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "env", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'env" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "mount", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'mount" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "mkdir", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "'mkdir" + Missing)]
    [InlineData(nameof(IsolationPreference.Auto), false, "", Kernel.MountNamespace | Kernel.ProcPidns, nameof(IsolationMode.None), false, Unisolated + "podvisor is not root and this kernel does not allow unprivileged user namespaces")]
    [InlineData(nameof(IsolationPreference.UserNamespace), false, "", Kernel.All, nameof(IsolationMode.UserNamespace), false, UserNote)]
    [InlineData(nameof(IsolationPreference.MountNamespace), false, "", Kernel.All, nameof(IsolationMode.None), false, Unisolated + "a mount namespace needs root")]
    [InlineData(nameof(IsolationPreference.None), false, "", Kernel.All, nameof(IsolationMode.None), false, OffNote)]
    public void Choose(string preference, bool root, string missing, Kernel kernel, string mode, bool pidNamespaces, string? noteStart)
    {
        var decision = IsolationPolicy.Choose(Enum.Parse<IsolationPreference>(preference), new FakeProbe(root, missing, kernel));

        Assert.Equal(Enum.Parse<IsolationMode>(mode), decision.Mode);
        Assert.Equal(pidNamespaces, decision.PidNamespaces);
        if (noteStart is null)
        {
            Assert.Null(decision.Warning);
        }
        else
        {
            Assert.StartsWith(noteStart, decision.Warning, StringComparison.Ordinal);
        }

        // Every mode without PID namespaces says what that changes for the stop signal, in full.
        if (!pidNamespaces)
        {
            Assert.EndsWith(IsolationPolicy.NoPidNamespace, decision.Warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unisolated_NamesWhatContainersShareAndCannotDo()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe(false, string.Empty, Kernel.Nothing));

        Assert.Equal(
            "podvisor: no filesystem isolation: podvisor is not root and this kernel does not allow unprivileged user namespaces; containers share the host's /tmp, and containers with volumeMounts cannot start; no PID namespace: the stop signal goes to the container's whole process group instead of its PID 1 alone, so a PID 1 that ignores SIGTERM, or a wrapper shell that does not pass it on, stops gracefully here and would be SIGKILLed at the grace period on a cluster, and processes that leave the group can outlive their container",
            decision.Warning);
        Assert.Equal(decision.Warning, decision.NoMountsReason);
    }

    [Fact]
    public void PreferenceNone_IsHonouredWithoutProbing_AndRefusesVolumesAsDisabled()
    {
        var probe = new FakeProbe(true, string.Empty, Kernel.All);

        var decision = IsolationPolicy.Choose(IsolationPreference.None, probe);

        Assert.Equal("filesystem isolation is disabled", decision.NoMountsReason);
        Assert.Empty(probe.Tried);
    }

    [Fact]
    public void Root_TriesOnlyTheMountNamespace_AndFindsOnlyTheShell()
    {
        var probe = new FakeProbe(true, string.Empty, Kernel.All);

        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, probe);

        Assert.Equal(["mount namespace", "proc pidns"], probe.Tried);
        Assert.Equal(["sh"], probe.Found);
        Assert.Equal("/usr/bin/sh", decision.Shell);
    }

    [Fact]
    public void NotRoot_MissingTool_IsNamedWithoutProbingTheKernel()
    {
        var probe = new FakeProbe(false, "nsenter", Kernel.All);

        _ = IsolationPolicy.Choose(IsolationPreference.Auto, probe);

        Assert.Empty(probe.Tried);
    }

    [Fact]
    public void NotRoot_UserNamespace_IsTriedWithTheToolsFound()
    {
        var probe = new FakeProbe(false, string.Empty, Kernel.All);

        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, probe);

        Assert.Equal(["user namespace"], probe.Tried);
        Assert.Equal(new IsolationTools("/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/sh", "/usr/bin/env"), decision.Tools);
    }

    [Theory]
    [InlineData(nameof(IsolationPreference.MountNamespace), typeof(MountNamespaceLauncher), true)]
    [InlineData(nameof(IsolationPreference.UserNamespace), typeof(UserNamespaceLauncher), false)]
    [InlineData(nameof(IsolationPreference.None), typeof(UnisolatedLauncher), false)]
    public void EachMode_CreatesItsOwnLauncher(string preference, Type launcher, bool signalsInitOnly)
    {
        var decision = IsolationPolicy.Choose(Enum.Parse<IsolationPreference>(preference), new FakeProbe(true, string.Empty, Kernel.All));

        using var created = decision.CreateLauncher();

        Assert.IsType(launcher, created);
        Assert.Equal(signalsInitOnly, created.SignalsInitOnly);
        Assert.Equal(signalsInitOnly, created.StartGateDirectory is { } gates && Directory.Exists(gates));
    }

    [Fact]
    public void RootWithoutProcPidns_CreatesAMountNamespaceLauncher_ThatSignalsTheGroup()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe(true, string.Empty, Kernel.MountNamespace));

        using var created = decision.CreateLauncher();

        Assert.IsType<MountNamespaceLauncher>(created);
        Assert.False(created.SignalsInitOnly);
        Assert.Null(created.StartGateDirectory);
    }

    private sealed class FakeProbe(bool root, string missing, Kernel kernel) : IIsolationProbe
    {
        public bool IsRoot => root;

        public List<string> Tried { get; } = [];

        public List<string> Found { get; } = [];

        public string? FindTool(string name)
        {
            Found.Add(name);
            return name == missing ? null : "/usr/bin/" + name;
        }

        // As the kernel does: without root, only a user namespace can hold a new mount namespace.
        public bool CanMountNamespace()
        {
            Tried.Add("mount namespace");
            return root && kernel.HasFlag(Kernel.MountNamespace);
        }

        public bool CanUserNamespace(IsolationTools tools)
        {
            Tried.Add("user namespace");
            return kernel.HasFlag(Kernel.UserNamespace);
        }

        public bool ProcTakesPidNamespace()
        {
            Tried.Add("proc pidns");
            return kernel.HasFlag(Kernel.ProcPidns);
        }
    }
}
