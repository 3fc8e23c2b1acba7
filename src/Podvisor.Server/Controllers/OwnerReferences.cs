using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Server.Store;
using Podvisor.Server.Api;

namespace Podvisor.Server.Controllers;

/// <summary>Owner references as the controllers and the garbage collector use them (apimachinery <c>metav1.GetControllerOf</c>).</summary>
internal static class OwnerReferences
{
    /// <summary>The field's name as it appears in stored JSON: an object without this text has no owner references.</summary>
    public const string FieldText = "\"ownerReferences\"";

    public static V1OwnerReference? ControllerOf(V1ObjectMeta metadata) => metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>The reference a controller puts on what it creates: <c>controller</c> and <c>blockOwnerDeletion</c> true.</summary>
    public static V1OwnerReference For(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>
    /// <c>propagationPolicy: Orphan</c>: the dependents lose their references to the deleted owner (the garbage
    /// collector's <c>orphanDependents</c>) and live on.
    /// </summary>
    public static void Orphan(ObjectStore store, ResourceKind dependents, string ns, string ownerUid)
    {
        foreach (var obj in store.List(dependents, ns).Items)
        {
            if (ObjectMetadata.Of(obj)["ownerReferences"] is not JsonArray refs || !refs.Any(r => (string?)r?["uid"] == ownerUid))
            {
                continue;
            }

            try
            {
                store.Update(dependents, ns, ObjectMetadata.Name(obj), current =>
                {
                    var metadata = ObjectMetadata.Of(current);
                    if (metadata["ownerReferences"] is not JsonArray list)
                    {
                        return null;
                    }

                    var kept = list.Where(r => (string?)r?["uid"] != ownerUid).Select(r => r?.DeepClone()).ToArray();
                    if (kept.Length == 0)
                    {
                        metadata.Remove("ownerReferences");
                    }
                    else
                    {
                        metadata["ownerReferences"] = new JsonArray(kept);
                    }

                    return current;
                });
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e))
            {
                // Gone meanwhile: nothing to orphan.
            }
        }
    }
}
