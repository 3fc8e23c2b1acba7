using System.Text.Json;
using Podvisor.Engine.Runtime;
using CriSignal = Podvisor.Runtime.Cri.Api.Signal;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// Stop signals across CRI: the spec's <c>lifecycle.stopSignal</c> as CRI 1.33's <c>Signal</c> enum (its own,
/// alphabetical numbering, matched by name), and the image's <c>STOPSIGNAL</c> from containerd's verbose
/// <c>ImageStatus</c>, the signal containerd's <c>StopContainer</c> sends (else SIGTERM).
/// </summary>
internal static class CriStopSignals
{
    /// <summary>CRI's value for <paramref name="stopSignal"/> (<c>SIGQUIT</c>, <c>QUIT</c>, <c>3</c>); <c>RUNTIME_DEFAULT</c> when unset or not in the enum.</summary>
    public static CriSignal ToCri(string? stopSignal)
    {
        if (stopSignal is null || !Signals.TryParse(stopSignal, out var number))
        {
            return CriSignal.RuntimeDefault;
        }

        var value = Api.CriApiV1Reflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Signal")
            .FindValueByName(Signals.NameOf(number));
        return value is null ? CriSignal.RuntimeDefault : (CriSignal)value.Number;
    }

    /// <summary>
    /// The signal containerd 1.6 stops a container of this image with: the image config's <c>StopSignal</c> (read
    /// from the verbose <c>ImageStatus</c>'s <c>info</c>: <c>{"imageSpec": {"config": {"StopSignal": …}}}</c>), else
    /// SIGTERM (containerd's <c>pkg/cri/server/container_stop.go</c>). Null when the config names a signal podvisor
    /// cannot parse, or the status carries no image config (another runtime): then nobody can tell.
    /// </summary>
    public static int? OfImageInfo(IReadOnlyDictionary<string, string> info)
    {
        if (!info.TryGetValue("info", out var json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("imageSpec", out var spec) || spec.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!spec.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
                || !config.TryGetProperty("StopSignal", out var stop) || stop.ValueKind != JsonValueKind.String
                || stop.GetString() is not { Length: > 0 } name)
            {
                return Signals.SigTerm;
            }

            return Signals.TryParse(name, out var signal) ? signal : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
