using Microsoft.Extensions.Logging.Console;
using RandomGenerator;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console =>
{
    // One timestamped line per event, as `kubectl logs` readers expect.
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
    console.ColorBehavior = LoggerColorBehavior.Disabled;
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
// An unready or toggled-DOWN app answers its probes with 503 on purpose: not an error worth a line per probe.
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
// A SIGTERM while waiting for postStart cancels the start, which the host reports as a failure with a
// stack trace; RandomGeneratorHost treats it as the clean stop it is. Real start failures still surface
// as the unhandled exception.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
builder.Services.AddRandomGenerator();
builder.Services.AddKubernetesLifecycle();
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    // Runs inside Build(): a malformed setting must not throw here, but fail the start with one line
    // (RandomGeneratorHost), before the server binds anything.
    var settings = RandomGeneratorSettings.FromOrDefaults(context.Configuration);
    if (settings.Address is { } address)
    {
        kestrel.Listen(address, settings.Port);
    }
    else
    {
        kestrel.ListenAnyIP(settings.Port);
    }
});

var app = builder.Build();
app.MapKubernetesLifecycle();
app.MapRandomGenerator();
return await RandomGeneratorHost.RunAsync(app);
