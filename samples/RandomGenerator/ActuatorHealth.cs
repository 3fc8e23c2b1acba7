using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Podvisor.Lifecycle.AspNetCore;

namespace RandomGenerator;

/// <summary>
/// Spring Boot Actuator's health endpoints, in its wire shape: <c>{"status":"UP"}</c> with 200, or
/// <c>DOWN</c> / <c>OUT_OF_SERVICE</c> with 503, content type <c>application/vnd.spring-boot.actuator.v3+json</c>.
/// The groups are the lifecycle library's tags: <c>liveness</c> = live, <c>readiness</c> = ready.
/// </summary>
internal static class ActuatorHealth
{
    public const string ContentType = "application/vnd.spring-boot.actuator.v3+json";

    public static void MapActuatorHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/actuator/health", Options(
            registration => registration.Tags.Contains(KubernetesLifecycleHealthTags.Live) || registration.Tags.Contains(KubernetesLifecycleHealthTags.Ready),
            isRoot: true));
        endpoints.MapHealthChecks("/actuator/health/liveness", Options(registration => registration.Tags.Contains(KubernetesLifecycleHealthTags.Live), isRoot: false));
        endpoints.MapHealthChecks("/actuator/health/readiness", Options(registration => registration.Tags.Contains(KubernetesLifecycleHealthTags.Ready), isRoot: false));
    }

    /// <summary>Spring's aggregation: DOWN wins over OUT_OF_SERVICE, which wins over UP. A failing readiness-only check is OUT_OF_SERVICE.</summary>
    public static string Status(HealthReport report, IReadOnlyDictionary<string, IEnumerable<string>> tags)
    {
        var status = "UP";
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Unhealthy)
            {
                continue;
            }

            var entryTags = tags.GetValueOrDefault(name) ?? [];
            if (entryTags.Contains(KubernetesLifecycleHealthTags.Live) || !entryTags.Contains(KubernetesLifecycleHealthTags.Ready))
            {
                return "DOWN";
            }

            status = "OUT_OF_SERVICE";
        }

        return status;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate, bool isRoot) => new()
    {
        Predicate = predicate,
        ResponseWriter = (context, report) => WriteAsync(context, report, isRoot),
    };

    private static async Task WriteAsync(HttpContext context, HealthReport report, bool isRoot)
    {
        var registrations = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var tags = registrations.ToDictionary(r => r.Name, r => (IEnumerable<string>)r.Tags, StringComparer.Ordinal);
        var status = Status(report, tags);
        context.Response.StatusCode = status == "UP" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = ContentType;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", status);
            if (isRoot)
            {
                json.WriteStartArray("groups");
                json.WriteStringValue("liveness");
                json.WriteStringValue("readiness");
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }
}
