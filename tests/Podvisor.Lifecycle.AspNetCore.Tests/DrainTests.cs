using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Podvisor.Lifecycle.AspNetCore.Tests.Support;

namespace Podvisor.Lifecycle.AspNetCore.Tests;

public sealed class DrainTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task HostStop_KeepsServingUntilTheDrainDelayHasPassed()
    {
        await using var app = await LifecycleApp.StartAsync(map: web => web.MapGet("/work", () => "done"));

        var stop = app.App.StopAsync();
        app.Time.Advance(Drain - TimeSpan.FromMilliseconds(1));

        Assert.False(stop.IsCompleted, "the host stopped before the drain delay");
        using var during = await app.Client.GetAsync("/work");
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/healthz/ready")).StatusCode);

        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        await app.Logs.WaitForAsync("Drain of 5s complete");
    }

    [Fact]
    public async Task HostStop_RequestInFlight_FinishesWithItsResponse()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await LifecycleApp.StartAsync(
            map: web => web.MapGet("/slow", async () =>
            {
                entered.TrySetResult();
                await release.Task;
                return "finished";
            }),
            kestrel: true);

        var response = app.Client.GetAsync("/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stop = app.App.StopAsync();
        app.Time.Advance(Drain);
        release.SetResult();

        using var finished = await response.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("finished", await finished.Content.ReadAsStringAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task PreStop_TurnsReadinessFalseAtOnce_AnswersAfterTheDrain_ThenSigtermStopsWithoutDrainingAgain()
    {
        await using var app = await LifecycleApp.StartAsync(map: web => web.MapGet("/work", () => "done"));

        var preStop = app.Client.GetAsync("/lifecycle/prestop");
        await app.Logs.WaitForAsync("Termination began (PreStop)");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/work")).StatusCode);
        app.Time.Advance(Drain - TimeSpan.FromMilliseconds(1));
        Assert.False(preStop.IsCompleted, "preStop answered before the drain delay");

        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var answer = await preStop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("drained\n", await answer.Content.ReadAsStringAsync());

        // The SIGTERM that follows a preStop hook: no time passes, and the host still stops.
        await app.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationTrigger.PreStop, app.Lifecycle.Trigger);
    }

    [Fact]
    public async Task PreStop_CalledTwice_BothAnswerAtTheSameDeadline()
    {
        await using var app = await LifecycleApp.StartAsync();

        var first = app.Client.GetAsync("/lifecycle/prestop");
        await app.Logs.WaitForAsync("Termination began (PreStop)");
        app.Time.Advance(TimeSpan.FromSeconds(3));
        var second = app.Client.GetAsync("/lifecycle/prestop");
        app.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, (await first.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
    }

    [Fact]
    public async Task NeverReady_TerminationHasNothingToDrain()
    {
        await using var app = await LifecycleApp.StartAsync();
        var lifecycle = new KubernetesLifecycle(
            Microsoft.Extensions.Options.Options.Create(new KubernetesLifecycleOptions()),
            app.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KubernetesLifecycle>.Instance);

        Assert.True(lifecycle.BeginTermination(TerminationTrigger.HostStopping));
        Assert.False(lifecycle.BeginTermination(TerminationTrigger.PreStop));

        // Completes with no time passing: nobody routed traffic to a pod that was never ready.
        await lifecycle.WaitForDrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TerminationTrigger.HostStopping, lifecycle.Trigger);
        lifecycle.Dispose();
    }

    [Fact]
    public async Task DrainZero_HostStopsWithoutWaiting()
    {
        await using var app = await LifecycleApp.StartAsync(new Dictionary<string, string?> { ["DRAIN_DELAY_SECONDS"] = "0" });

        await app.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, app.Lifecycle.Plan.DrainDelay);
    }
}
