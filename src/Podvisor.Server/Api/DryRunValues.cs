using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// The <c>dryRun</c> option's one allowed value, checked as apimachinery's <c>ValidateDryRun</c>
/// (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go): any other value is a 422 on the
/// request's options kind, the rejected list printed as Go prints a <c>[]string</c>.
/// </summary>
internal static class DryRunValues
{
    public static void Check(string optionsKind, IReadOnlyList<string> values)
    {
        if (values.All(v => v == "All"))
        {
            return;
        }

        var detail = $"Unsupported value: []string{{{string.Join(", ", values.Select(Engine.Admission.FieldError.Quote))}}}: supported values: \"All\"";
        var causes = new JsonArray(new JsonObject { ["reason"] = "FieldValueNotSupported", ["message"] = detail, ["field"] = "dryRun" });
        throw new ApiException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun: {detail}", new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = optionsKind,
            ["causes"] = causes,
        });
    }
}
