using System.Diagnostics;

namespace RandomGenerator;

/// <summary>The original's endpoints. Spring's <c>@RequestMapping</c> takes any method; so do these.</summary>
internal static class RandomGeneratorEndpoints
{
    public static void MapRandomGenerator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/", RandomNumber);
        endpoints.Map("/info", (SystemInfo info) => Results.Json(info.Collect()));
        endpoints.Map("/memory-eater", (int mb, MemoryEater eater) =>
        {
            eater.Eat(mb);
            return Results.Ok();
        });
        endpoints.Map("/toggle-live", (HealthToggle toggle) =>
        {
            toggle.Toggle();
            return Results.Ok();
        });
        endpoints.Map("/toggle-ready", (ReadyFile readyFile) =>
        {
            readyFile.Toggle();
            return Results.Ok();
        });
        endpoints.Map("/shutdown", (IHostApplicationLifetime lifetime, ILoggerFactory loggers) =>
        {
            RandomGeneratorLog.ShutdownNow(loggers.CreateLogger(RandomGeneratorLog.Category));
            // The response still goes out: the server's stop waits for requests in flight.
            lifetime.StopApplication();
            return Results.Ok();
        });
        endpoints.Map("/logs", (RandomValueLog log) => Results.Text(log.Read(), "text/plain"));
        endpoints.MapActuatorHealth();
    }

    private static IResult RandomNumber(long? burn, RandomNumbers numbers, RandomValueLog log)
    {
        var started = Stopwatch.GetTimestamp();
        if (burn is { } amount)
        {
            // The original's CPU burner: up to 10,000 million draws.
            for (long i = 0; i < Math.Clamp(amount, 0, 10_000) * 1_000_000; i++)
            {
                numbers.Next();
            }
        }

        var value = numbers.Next();
        log.Append(numbers.Id, Stopwatch.GetElapsedTime(started), value);
        return Results.Json(new RandomNumberResponse(value, numbers.Id.ToString()));
    }
}
