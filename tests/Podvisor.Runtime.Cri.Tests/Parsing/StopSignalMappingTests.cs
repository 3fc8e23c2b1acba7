using CriSignal = Podvisor.Runtime.Cri.Api.Signal;

namespace Podvisor.Runtime.Cri.Tests.Parsing;

/// <summary>
/// CRI 1.33 numbers its <c>Signal</c> enum alphabetically, not as the kernel does, and containerd's verbose image
/// status carries the image config's STOPSIGNAL: both are read by name, never by the kernel's number.
/// </summary>
public sealed class StopSignalMappingTests
{
    [Theory]
    [InlineData("SIGQUIT", 18)]
    [InlineData("QUIT", 18)]
    [InlineData("SIGINT", 10)]
    [InlineData("2", 10)]
    [InlineData("SIGTERM", 23)]
    [InlineData("SIGUSR1", 29)]
    public void A_spec_stop_signal_goes_to_CRI_by_name_with_CRI_s_own_number(string stopSignal, int criNumber) =>
        Assert.Equal(criNumber, (int)CriStopSignals.ToCri(stopSignal));

    [Theory]
    [InlineData(null)]
    [InlineData("SIGNOPE")]
    public void No_or_an_unknown_stop_signal_leaves_the_runtime_default(string? stopSignal) =>
        Assert.Equal(CriSignal.RuntimeDefault, CriStopSignals.ToCri(stopSignal));

    [Fact]
    public void The_image_config_STOPSIGNAL_is_read_from_the_verbose_image_status() =>
        Assert.Equal(3, CriStopSignals.OfImageInfo(Info("""{"chainID":"sha256:x","imageSpec":{"config":{"Cmd":["sh"],"StopSignal":"SIGQUIT"}}}""")));

    [Fact]
    public void An_image_without_STOPSIGNAL_is_stopped_with_SIGTERM() =>
        Assert.Equal(15, CriStopSignals.OfImageInfo(Info("""{"imageSpec":{"config":{"Cmd":["sh"]}}}""")));

    [Theory]
    [InlineData("""{"imageSpec":{"config":{"StopSignal":"SIGRTMIN+3"}}}""")]
    [InlineData("""{"chainID":"sha256:x"}""")]
    [InlineData("not json")]
    public void An_unreadable_or_unknown_stop_signal_is_not_guessed(string info) =>
        Assert.Null(CriStopSignals.OfImageInfo(Info(info)));

    [Fact]
    public void A_status_without_info_tells_nothing() =>
        Assert.Null(CriStopSignals.OfImageInfo(new Dictionary<string, string>()));

    private static Dictionary<string, string> Info(string json) => new() { ["info"] = json };
}
