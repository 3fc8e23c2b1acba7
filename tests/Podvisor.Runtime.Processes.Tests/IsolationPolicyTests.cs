using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The choice of isolation for every kind of host, through an injected probe.</summary>
public sealed class IsolationPolicyTests
{
    [Fact]
    public void Root_WithAWorkingMountNamespace_GetsItWithoutWarning()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe { IsRoot = true });

        Assert.Equal(IsolationMode.MountNamespace, decision.Mode);
        Assert.Null(decision.Warning);
        Assert.Equal("/usr/bin/unshare", decision.Tools!.Unshare);
    }

    [Fact]
    public void NotRoot_WithUnprivilegedUserNamespaces_GetsAUserNamespaceAndOneNote()
    {
        var probe = new FakeProbe { IsRoot = false };

        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, probe);

        Assert.Equal(IsolationMode.UserNamespace, decision.Mode);
        Assert.Contains("not running as root", decision.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain(IsolationMode.MountNamespace, probe.Tried);
    }

    [Fact]
    public void NotRoot_WithoutUserNamespaces_RunsUnisolatedWithOneWarning()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe { IsRoot = false, Works = [] });

        Assert.Equal(IsolationMode.None, decision.Mode);
        Assert.Equal(
            "podvisor: no filesystem isolation: podvisor is not root and this kernel does not allow unprivileged user namespaces; containers share the host's /tmp, and containers with volumeMounts cannot start; no PID namespace: the stop signal goes to the container's whole process group instead of its PID 1 alone, so a PID 1 that ignores SIGTERM, or a wrapper shell that does not pass it on, stops gracefully here and would be SIGKILLed at the grace period on a cluster, and processes that leave the group can outlive their container",
            decision.Warning);
    }

    [Fact]
    public void Root_WhereNamespacesAreRefused_RunsUnisolatedWithOneWarning()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe { IsRoot = true, Works = [] });

        Assert.Equal(IsolationMode.None, decision.Mode);
        Assert.Contains("allows neither a mount namespace nor a user namespace", decision.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_WhereOnlyUserNamespacesWork_UsesOne()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, new FakeProbe { IsRoot = true, Works = [IsolationMode.UserNamespace] });

        Assert.Equal(IsolationMode.UserNamespace, decision.Mode);
    }

    [Theory]
    [InlineData("unshare")]
    [InlineData("nsenter")]
    [InlineData("mount")]
    public void MissingTool_RunsUnisolatedNamingIt(string tool)
    {
        var probe = new FakeProbe { IsRoot = true, Missing = [tool] };

        var decision = IsolationPolicy.Choose(IsolationPreference.Auto, probe);

        Assert.Equal(IsolationMode.None, decision.Mode);
        Assert.StartsWith($"podvisor: no filesystem isolation: '{tool}' was not found in /usr/sbin:/usr/bin:/sbin:/bin", decision.Warning, StringComparison.Ordinal);
        Assert.Empty(probe.Tried);
    }

    [Fact]
    public void PreferenceNone_IsHonouredWithoutProbing_AndSaysStopSignalsGoToTheGroup()
    {
        var probe = new FakeProbe { IsRoot = true };

        var decision = IsolationPolicy.Choose(IsolationPreference.None, probe);

        Assert.Equal(IsolationMode.None, decision.Mode);
        Assert.StartsWith("podvisor: isolation none: no PID namespace: the stop signal goes to the container's whole process group", decision.Warning, StringComparison.Ordinal);
        Assert.Equal("filesystem isolation is disabled", decision.NoMountsReason);
        Assert.Empty(probe.Tried);
    }

    [Fact]
    public void PreferenceMountNamespace_NotRoot_DoesNotFallBackToAUserNamespace()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.MountNamespace, new FakeProbe { IsRoot = false });

        Assert.Equal(IsolationMode.None, decision.Mode);
        Assert.Contains("a mount namespace needs root", decision.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void PreferenceUserNamespace_AsRoot_UsesOne_AndSaysItHasNoPidNamespace()
    {
        var decision = IsolationPolicy.Choose(IsolationPreference.UserNamespace, new FakeProbe { IsRoot = true });

        Assert.Equal(IsolationMode.UserNamespace, decision.Mode);
        Assert.Equal($"podvisor: user-namespace isolation: {IsolationPolicy.NoPidNamespace}", decision.Warning);
    }

    private sealed class FakeProbe : IIsolationProbe
    {
        public bool IsRoot { get; init; }

        public IReadOnlyList<string> Missing { get; init; } = [];

        public IReadOnlyList<IsolationMode> Works { get; init; } = [IsolationMode.MountNamespace, IsolationMode.UserNamespace];

        public List<IsolationMode> Tried { get; } = [];

        public string? FindTool(string name) => Missing.Contains(name) ? null : "/usr/bin/" + name;

        public bool CanIsolate(IsolationMode mode, IsolationTools tools)
        {
            Tried.Add(mode);

            // As the kernel does: without root, only a user namespace can hold a new mount namespace.
            return Works.Contains(mode) && (IsRoot || mode == IsolationMode.UserNamespace);
        }
    }
}
