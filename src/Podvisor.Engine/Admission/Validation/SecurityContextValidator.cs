using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>User and group IDs in pod and container security contexts (validation.go, apimachinery <c>IsValidUserID</c>/<c>IsValidGroupID</c>).</summary>
internal static class SecurityContextValidator
{
    private static readonly string IdRangeMessage = $"must be between 0 and {int.MaxValue}, inclusive";

    public static void Pod(V1PodSpec spec, List<FieldError> errors)
    {
        const string Path = "spec.securityContext";
        if (spec.SecurityContext is { } context)
        {
            Id(context.RunAsUser, $"{Path}.runAsUser", errors);
            Id(context.RunAsGroup, $"{Path}.runAsGroup", errors);
            Id(context.FsGroup, $"{Path}.fsGroup", errors);
            var groups = context.SupplementalGroups ?? [];
            for (var i = 0; i < groups.Count; i++)
            {
                Id(groups[i], $"{Path}.supplementalGroups[{i}]", errors);
            }
        }

        // The internal API keeps shareProcessNamespace and hostPID in the pod's security context, hence the path.
        if (spec.ShareProcessNamespace == true && spec.HostPID == true)
        {
            errors.Add(FieldError.Invalid($"{Path}.shareProcessNamespace", true, "ShareProcessNamespace and HostPID cannot both be enabled"));
        }
    }

    public static void Container(V1SecurityContext? context, string path, List<FieldError> errors)
    {
        if (context is null)
        {
            return;
        }

        Id(context.RunAsUser, $"{path}.runAsUser", errors);
        Id(context.RunAsGroup, $"{path}.runAsGroup", errors);
    }

    private static void Id(long? id, string path, List<FieldError> errors)
    {
        if (id is { } value && value is < 0 or > int.MaxValue)
        {
            errors.Add(FieldError.Invalid(path, value, IdRangeMessage));
        }
    }
}
