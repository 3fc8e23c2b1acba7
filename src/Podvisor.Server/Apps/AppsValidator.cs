using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Controllers.Deployments;

namespace Podvisor.Server.Apps;

/// <summary>
/// Validation of defaulted Deployments and ReplicaSets as pkg/apis/apps/validation/validation.go does it
/// (<c>ValidateDeploymentSpec</c>, <c>ValidateReplicaSetSpec</c>, <c>ValidatePodTemplateSpecForReplicaSet</c>,
/// <c>ValidateDeploymentStrategy</c>, <c>ValidateRollingUpdateDeployment</c>), every error at once, with the
/// apiserver's messages; the template's pod spec goes through the pod validator under <c>spec.template</c>.
/// </summary>
internal static class AppsValidator
{
    private const string GreaterOrEqualZero = "must be greater than or equal to 0";

    public static IReadOnlyList<FieldError> Deployment(V1Deployment deployment)
    {
        var errors = new List<FieldError>();
        Metadata(deployment.Metadata, errors);
        var spec = deployment.Spec;
        NonNegative("spec.replicas", spec.Replicas, errors);
        Selector(spec.Selector, "deployment", errors);
        Template(spec.Selector, spec.Template, errors);
        Strategy(spec.Strategy, errors);
        NonNegative("spec.minReadySeconds", spec.MinReadySeconds, errors);
        NonNegative("spec.revisionHistoryLimit", spec.RevisionHistoryLimit, errors);
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            NonNegative("spec.progressDeadlineSeconds", deadline, errors);
            if (deadline <= (spec.MinReadySeconds ?? 0))
            {
                errors.Add(FieldError.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
            }
        }

        return errors;
    }

    public static IReadOnlyList<FieldError> ReplicaSet(V1ReplicaSet set)
    {
        var errors = new List<FieldError>();
        Metadata(set.Metadata, errors);
        NonNegative("spec.replicas", set.Spec.Replicas, errors);
        NonNegative("spec.minReadySeconds", set.Spec.MinReadySeconds, errors);
        Selector(set.Spec.Selector, "replicaset", errors);
        Template(set.Spec.Selector, set.Spec.Template, errors);
        return errors;
    }

    /// <summary>The selector may not change (apps/v1 strategy <c>ValidateUpdate</c>: <c>ValidateImmutableField</c>).</summary>
    public static IReadOnlyList<FieldError> SelectorUnchanged(V1LabelSelector? before, V1LabelSelector? after)
    {
        var same = ModelSerializer.Serialize(before) == ModelSerializer.Serialize(after);
        return same ? [] : [FieldError.Invalid("spec.selector", GoValue.Selector(after), "field is immutable")];
    }

    private static void Metadata(V1ObjectMeta metadata, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metadata.Name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
            return;
        }

        foreach (var message in NameRules.Dns1123Subdomain(metadata.Name))
        {
            errors.Add(FieldError.Invalid("metadata.name", metadata.Name, message));
        }
    }

    private static void Selector(V1LabelSelector? selector, string what, List<FieldError> errors)
    {
        if (selector is null)
        {
            errors.Add(FieldError.Required("spec.selector"));
        }
        else if ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            errors.Add(FieldError.Invalid("spec.selector", GoValue.Selector(selector), $"empty selector is invalid for {what}"));
        }
    }

    private static void Template(V1LabelSelector? selector, V1PodTemplateSpec template, List<FieldError> errors)
    {
        var labels = template.Metadata?.Labels;
        if (selector is not null && ((selector.MatchLabels?.Count ?? 0) > 0 || (selector.MatchExpressions?.Count ?? 0) > 0)
            && !ModelSelector.Matches(selector, labels))
        {
            errors.Add(FieldError.Invalid("spec.template.metadata.labels", GoValue.Map(labels), "`selector` does not match template `labels`"));
        }

        var restart = template.Spec.RestartPolicy;
        if (restart != "Always")
        {
            errors.Add(FieldError.NotSupported("spec.template.spec.restartPolicy", restart ?? string.Empty, ["Always"]));
        }

        if (template.Spec.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldError.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }

        // The pod's own rules, under the template's path; a placeholder name stands for the pods it will make.
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "template", NamespaceProperty = "default" }, Spec = template.Spec };
        foreach (var error in PodValidator.Validate(pod).Where(e => e.Field.StartsWith("spec.", StringComparison.Ordinal)))
        {
            if (error.Field == "spec.restartPolicy")
            {
                continue;
            }

            errors.Add(error with { Field = "spec.template." + error.Field });
        }
    }

    private static void Strategy(V1DeploymentStrategy strategy, List<FieldError> errors)
    {
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Add(FieldError.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }

                return;
            case "RollingUpdate":
                break;
            default:
                errors.Add(FieldError.NotSupported("spec.strategy.type", strategy.Type ?? string.Empty, ["Recreate", "RollingUpdate"]));
                return;
        }

        var surge = strategy.RollingUpdate.MaxSurge?.Value ?? "25%";
        var unavailable = strategy.RollingUpdate.MaxUnavailable?.Value ?? "25%";
        IntOrPercentField("spec.strategy.rollingUpdate.maxUnavailable", unavailable, errors);
        IntOrPercentField("spec.strategy.rollingUpdate.maxSurge", surge, errors);
        if (IntOrPercent.Scaled(surge, 100, roundUp: true) == 0 && IntOrPercent.Scaled(unavailable, 100, roundUp: true) == 0)
        {
            errors.Add(FieldError.Invalid("spec.strategy.rollingUpdate.maxUnavailable", IntOrStringValue(unavailable), "may not be 0 when `maxSurge` is 0"));
        }

        if (IntOrPercent.IsPercent(unavailable) && IntOrPercent.Scaled(unavailable, 100, roundUp: true) > 100)
        {
            errors.Add(FieldError.Invalid("spec.strategy.rollingUpdate.maxUnavailable", unavailable, "must not be greater than 100%"));
        }
    }

    /// <summary><c>ValidatePositiveIntOrPercent</c>: a non-negative number, or a valid <c>N%</c> that is non-negative.</summary>
    private static void IntOrPercentField(string field, string value, List<FieldError> errors)
    {
        var scaled = IntOrPercent.Scaled(value, 100, roundUp: true);
        if (scaled is null)
        {
            errors.Add(FieldError.Invalid(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
        }
        else if (scaled < 0)
        {
            errors.Add(FieldError.Invalid(field, IntOrPercent.IsPercent(value) ? value : IntOrStringValue(value), GreaterOrEqualZero));
        }
    }

    /// <summary>An integer IntOrString prints as its number (it implements neither Stringer nor a string).</summary>
    private static object IntOrStringValue(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : value;

    private static void NonNegative(string field, int? value, List<FieldError> errors)
    {
        if (value is < 0)
        {
            errors.Add(FieldError.Invalid(field, value.Value, GreaterOrEqualZero));
        }
    }
}
