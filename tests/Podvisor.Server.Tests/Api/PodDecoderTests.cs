using Podvisor.Server.Api;

namespace Podvisor.Server.Tests.Api;

/// <summary>
/// <c>fieldValidation</c> on a pod body: under Warn (kubectl's default) the unknown fields become one warning per
/// object, apimachinery's joined words without the <c>strict decoding error:</c> prefix; Strict refuses them.
/// </summary>
public sealed class PodDecoderTests
{
    private const string Body = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
         "spec":{"containers":[{"name":"app","image":"nginx","imag":"x"}],"foo":1}}
        """;

    [Fact]
    public void Warn_UnknownFields_OneWarningInApimachinerysWords_AndThePodDecoded()
    {
        var warnings = new List<string>();

        var pod = PodDecoder.Decode(Body, "Warn", warnings);

        Assert.Equal("web", pod.Metadata.Name);
        Assert.Equal(["unknown field \"spec.containers[0].imag\", unknown field \"spec.foo\""], warnings);
    }

    [Fact]
    public void Strict_UnknownFields_Refused()
    {
        var error = Assert.Throws<ApiException>(() => PodDecoder.Decode(Body, "Strict", []));

        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imag\", unknown field \"spec.foo\"",
            error.Message);
    }
}
