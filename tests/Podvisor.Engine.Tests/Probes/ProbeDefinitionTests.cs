using k8s.Models;
using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Tests.Probes;

public sealed class ProbeDefinitionTests
{
    [Fact]
    public void From_UnsetFields_TakeTheApiDefaults()
    {
        var probe = ProbeDefinition.From(ProbeKind.Liveness, new V1Probe { Exec = new V1ExecAction { Command = ["true"] } })!;
        Assert.Equal(TimeSpan.Zero, probe.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), probe.Period);
        Assert.Equal(TimeSpan.FromSeconds(1), probe.Timeout);
        Assert.Equal(1, probe.SuccessThreshold);
        Assert.Equal(3, probe.FailureThreshold);
        Assert.Null(probe.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void From_HttpGet_DefaultsSchemeAndPath()
    {
        var probe = ProbeDefinition.From(ProbeKind.Readiness, new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http" } })!;
        var handler = Assert.IsType<HttpGetProbeHandler>(probe.Handler);
        Assert.Equal("HTTP", handler.Scheme);
        Assert.Equal("/", handler.Path);
        Assert.Null(handler.Host);
    }
}
