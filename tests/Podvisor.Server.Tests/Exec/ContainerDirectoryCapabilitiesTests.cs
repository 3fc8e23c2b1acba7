using System.Reflection;
using Podvisor.Engine.Images;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;
using Podvisor.Server.Exec;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Exec;

/// <summary>
/// The directory wraps the engine's runtime in serve: each optional capability of the seam passes through. The seam's
/// capabilities are default interface members, so a wrapper that forgets one compiles and silently answers null (serve
/// once lost the precise SIGKILL path that way): the first test walks every property of the seam.
/// </summary>
public sealed class ContainerDirectoryCapabilitiesTests
{
    [Fact]
    public async Task EveryPropertyOfTheSeam_IsTheWrappedRuntimes()
    {
        await using var inner = new EveryCapability();
        var directory = new ContainerDirectory(inner);

        var properties = typeof(IContainerRuntime).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var expected = property.GetValue(inner);
            Assert.NotNull(expected);
            Assert.True(ReferenceEquals(expected, property.GetValue(directory)), $"ContainerDirectory.{property.Name} is not the wrapped runtime's");
        }
    }

    [Fact]
    public async Task HostPaths_NoneWhenTheWrappedRuntimeHasNone()
    {
        await using var inner = new FakeContainerRuntime(TimeProvider.System);

        Assert.Null(new ContainerDirectory(inner).HostPaths);
    }

    /// <summary>A runtime with every optional capability present, each a distinct object (a string instance of its own).</summary>
    private sealed class EveryCapability : IContainerRuntime
    {
        public IImageService? ImageService { get; } = Stub<IImageService>();

        public string RuntimeName { get; } = new('r', 3);

        public IKillDeadlines? KillDeadlines { get; } = Stub<IKillDeadlines>();

        public IHostPaths? HostPaths { get; } = new FixedHostPaths(HostPathKind.Socket);

        public string? HostWarning { get; } = new('w', 3);

        public Task<IPodSandbox> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken) =>
            throw new NotSupportedException("capabilities only");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static T Stub<T>() where T : class => DispatchProxy.Create<T, Refusing>();
    }

    /// <summary>An interface instance that exists only to be compared by reference.</summary>
#pragma warning disable CA1852 // DispatchProxy.Create needs a non-sealed proxy type.
    internal class Refusing : DispatchProxy
#pragma warning restore CA1852
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }
}
