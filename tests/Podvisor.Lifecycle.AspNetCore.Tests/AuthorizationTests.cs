using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Podvisor.Lifecycle.AspNetCore.Tests.Support;

namespace Podvisor.Lifecycle.AspNetCore.Tests;

public sealed class AuthorizationTests
{
    [Fact]
    public async Task FallbackPolicyRequiresAUser_ProbesAndPreStopStillAnswerTheKubelet()
    {
        await using var app = await LifecycleApp.StartAsync(
            new Dictionary<string, string?> { ["DRAIN_DELAY_SECONDS"] = "0" },
            builder =>
            {
                builder.Services.AddAuthentication(NobodyHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, NobodyHandler>(NobodyHandler.SchemeName, null);
                builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            web =>
            {
                web.UseAuthentication();
                web.UseAuthorization();
                web.MapGet("/private", () => "secret");
            });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/private")).StatusCode);
        foreach (var path in new[] { "/healthz/live", "/healthz/ready", "/healthz/startup", "/lifecycle/prestop" })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(path)).StatusCode);
        }
    }

    /// <summary>Authenticates nobody: every request is anonymous.</summary>
    private sealed class NobodyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "nobody";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
