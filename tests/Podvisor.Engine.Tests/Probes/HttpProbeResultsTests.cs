using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Tests.Probes;

public sealed class HttpProbeResultsTests
{
    [Theory]
    [InlineData(199, "Failure", "HTTP probe failed with statuscode: 199")]
    [InlineData(200, "Success", "ok")]
    [InlineData(204, "Success", "ok")]
    [InlineData(301, "Warning", "Probe terminated redirects, Response body: ok")]
    [InlineData(399, "Warning", "Probe terminated redirects, Response body: ok")]
    [InlineData(400, "Failure", "HTTP probe failed with statuscode: 400")]
    [InlineData(503, "Failure", "HTTP probe failed with statuscode: 503")]
    public void FromStatus_SucceedsFrom200To399(int status, string result, string output)
    {
        var outcome = HttpProbeResults.FromStatus(status, "ok");
        Assert.Equal(Enum.Parse<ProbeResult>(result), outcome.Result);
        Assert.Equal(output, outcome.Output);
        Assert.Equal(status is >= 200 and < 400, outcome.Passed);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/a", "http://127.0.0.1:9090/b", true)]
    [InlineData("http://127.0.0.1:8080/a", "https://127.0.0.1/b", true)]
    [InlineData("http://127.0.0.1:8080/a", "http://example.com/b", false)]
    public void MayFollow_OnlySameHost(string from, string to, bool follow) =>
        Assert.Equal(follow, HttpProbeResults.MayFollow(new Uri(from), new Uri(to)));
}
