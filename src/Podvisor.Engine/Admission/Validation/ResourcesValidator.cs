using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>A container's <c>resources</c> (validation.go <c>ValidateContainerResourceRequirements</c>): no negative quantity, no request above its limit.</summary>
internal static class ResourcesValidator
{
    private const string NegativeMessage = "must be greater than or equal to 0";

    public static void Validate(V1ResourceRequirements? resources, string path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }

        var limits = resources.Limits ?? new Dictionary<string, ResourceQuantity>();
        foreach (var (name, quantity) in limits)
        {
            NonNegative(quantity, $"{path}.limits.{name}", errors);
        }

        foreach (var (name, quantity) in resources.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            var at = $"{path}.requests.{name}";
            NonNegative(quantity, at, errors);
            if (quantity is not null && limits.TryGetValue(name, out var limit) && limit is not null && limit.ToDecimal() < quantity.ToDecimal())
            {
                errors.Add(FieldError.Invalid(at, Text(quantity), $"must be less than or equal to {name} limit of {Text(limit)}"));
            }
        }
    }

    private static void NonNegative(ResourceQuantity? quantity, string path, List<FieldError> errors)
    {
        if (quantity is not null && quantity.ToDecimal() < 0)
        {
            errors.Add(FieldError.Invalid(path, Text(quantity), NegativeMessage));
        }
    }

    /// <summary>Quantity.String(); KubernetesClient canonicalizes negative binary quantities wrongly, so the sign is handled here.</summary>
    private static string Text(ResourceQuantity quantity) =>
        quantity.ToDecimal() < 0
            ? "-" + new ResourceQuantity(-quantity.ToDecimal(), 0, quantity.Format).CanonicalizeString()
            : quantity.CanonicalizeString();
}
