using System.Text.Json;
using Microsoft.Playwright;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests.Report;

/// <summary>
/// <c>podvisor run --report</c> through the published executable, and the page it writes loaded in a real browser:
/// Debian's headless chromium driven by Playwright (nothing downloaded). A pod whose SIGKILL is certain
/// (examples/grace/ignores-sigterm.yaml) beside the lifecycle demo (init container, postStart, preStop).
/// </summary>
[Collection(PodvisorCollection.Name)]
public sealed class TimelineReportBrowserTests(PodvisorExecutable podvisor) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-report-").FullName;

    [Fact]
    public async Task Report_LoadedInChromium_LanesMarkersAndNoNetwork()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install chromium); .ci/run does.");
        var page = Path.Combine(_directory, "timeline.html");
        await using (var run = PodvisorProcess.StartRun(podvisor,
            [podvisor.Example("grace/ignores-sigterm.yaml"), podvisor.Example("lifecycle/pod.yaml"), "--stop-after", "3s", "--report", page, "-o", "json"]))
        {
            Assert.Equal(3, await run.WaitForExitAsync());
            Assert.True(File.Exists(page), run.Describe());
            AssertTerminationsInJson(run.Stdout);
            Assert.Contains("GracePeriodExceeded", File.ReadAllText(page), StringComparison.Ordinal);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var tab = await context.NewPageAsync();
        var requests = new List<string>();
        tab.Request += (_, request) => requests.Add(request.Url);
        var pageUrl = new Uri(page).AbsoluteUri;

        await tab.GotoAsync(pageUrl);

        Assert.Equal(2, await tab.Locator("svg[data-report=timeline] g[data-pod]").CountAsync());
        Assert.Equal(["pod", "stubborn", "pod", "prepare", "app"], await AttributesAsync(tab, "g[data-lane]", "data-lane"));
        Assert.Equal(1, await tab.Locator("g[data-lane=prepare][data-kind=init]").CountAsync());
        // The stubborn container: SIGTERM, then SIGKILL at the end of its 2 s grace period.
        var stubborn = tab.Locator("g[data-lane=stubborn]");
        Assert.Equal("GracePeriodExceeded", await stubborn.GetAttributeAsync("data-cause"));
        Assert.Equal(1, await stubborn.Locator("[data-marker=signal][data-signal=SIGTERM]").CountAsync());
        Assert.Equal(1, await stubborn.Locator("[data-marker=signal][data-signal=SIGKILL]").CountAsync());
        Assert.Equal(1, await stubborn.Locator("[data-span=grace]").CountAsync());
        // The demo's app: postStart, preStop that succeeded, SIGTERM answered, no SIGKILL.
        var app = tab.Locator("g[data-lane=app]");
        Assert.Equal("StopSignal", await app.GetAttributeAsync("data-cause"));
        Assert.Equal(1, await app.Locator("[data-span=postStart]").CountAsync());
        Assert.Equal(1, await app.Locator("[data-span=preStop][data-outcome=Succeeded]").CountAsync());
        Assert.Equal(0, await app.Locator("[data-marker=signal][data-signal=SIGKILL]").CountAsync());
        Assert.Contains("preStop SleepHookHandler: Succeeded", await app.Locator("[data-span=preStop] title").TextContentAsync(), StringComparison.Ordinal);
        // The postStart exec hook's recorded result: its exit code, on the span and in the tooltip.
        Assert.Equal("0", await app.Locator("[data-span=postStart]").GetAttributeAsync("data-exit-code"));
        Assert.Contains("\nexit code 0", await app.Locator("[data-span=postStart] title").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("\nsleep 1s", await app.Locator("[data-span=preStop] title").TextContentAsync(), StringComparison.Ordinal);
        // Drawn, not just present: the lanes have a real size on the page.
        var box = await stubborn.BoundingBoxAsync();
        Assert.True(box is { Width: > 500, Height: > 20 }, $"stubborn lane box {box?.Width}x{box?.Height}");
        Assert.True(await tab.Locator("table[data-table=events] tr[data-event=Killing]").CountAsync() >= 2);

        Assert.Equal([pageUrl], requests);
        var screenshot = Path.Combine(_directory, "timeline.png");
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
        // How docs/timeline.png is made: PODVISOR_SCREENSHOT_DIR=docs dotnet test --filter TimelineReportBrowserTests.
        if (Environment.GetEnvironmentVariable("PODVISOR_SCREENSHOT_DIR") is { Length: > 0 } keep)
        {
            File.Copy(screenshot, Path.Combine(keep, "timeline.png"), overwrite: true);
        }

        await context.CloseAsync();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertTerminationsInJson(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        var causes = document.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "Pod")
            .SelectMany(pod => pod.GetProperty("podvisor").GetProperty("containers").EnumerateArray())
            .ToDictionary(container => container.GetProperty("name").GetString()!, container => container.GetProperty("termination"));
        Assert.Equal("GracePeriodExceeded", causes["stubborn"].GetProperty("cause").GetString());
        Assert.Equal(2, causes["stubborn"].GetProperty("graceSeconds").GetDouble());
        Assert.Equal("Exited", causes["prepare"].GetProperty("cause").GetString());
        Assert.Equal("StopSignal", causes["app"].GetProperty("cause").GetString());
        Assert.Equal(5, causes["app"].GetProperty("graceSeconds").GetDouble());
    }

    private static async Task<List<string>> AttributesAsync(IPage tab, string selector, string attribute)
    {
        var values = new List<string>();
        foreach (var element in await tab.Locator(selector).AllAsync())
        {
            values.Add(await element.GetAttributeAsync(attribute) ?? string.Empty);
        }

        return values;
    }
}
