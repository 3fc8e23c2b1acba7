using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>
/// The set-up the mount-namespace test classes share: a runtime that must really isolate (the test fails, not skips,
/// when it cannot), and host files the test created, deleted with the harness whether the test passed or not.
/// </summary>
public abstract class MountNamespaceTests : IAsyncLifetime
{
    private protected Harness H { get; } = new(new ProcessRuntimeOptions { Isolation = IsolationPreference.MountNamespace });

    /// <summary>Host paths the test created; removed after the harness (and every process it started) is gone.</summary>
    private protected List<string> HostFiles { get; } = [];

    public Task InitializeAsync()
    {
        Assert.Equal(IsolationMode.MountNamespace, H.Runtime.Isolation.Mode);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await H.DisposeAsync();
        foreach (var file in HostFiles)
        {
            File.Delete(file);
        }
    }
}
