using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Store;

namespace Podvisor.Server.Services;

/// <summary>
/// Upstream's endpointslice controller (pkg/controller/endpointslice) on this store: for each Service with a selector,
/// the slices of <see cref="EndpointSlicePlan"/>, named <c>&lt;service&gt;-&lt;5 random&gt;</c>, labelled with the
/// Service's name and this controller's name, owned by the Service; slices of a Service that is gone (or lost its
/// selector) are deleted. Only slices carrying this controller's managed-by label are touched.
/// </summary>
internal sealed class EndpointSliceController(ObjectStore store)
{
    public void SyncAll()
    {
        var services = store.List(ServiceKinds.Services, null).Items;
        // Read at the first Service that selects pods (Desired enumerates them only then): a pass after each pod change
        // must not parse every pod when no Service wants them.
        var allPods = new Lazy<IReadOnlyList<JsonObject>>(() => store.List(ResourceKind.Pods, null).Items, LazyThreadSafetyMode.None);
        IEnumerable<JsonObject> Pods()
        {
            foreach (var pod in allPods.Value)
            {
                yield return pod;
            }
        }

        var pods = Pods();
        var slices = store.List(ServiceKinds.EndpointSlices, null).Items.Where(Managed).ToList();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var desired = EndpointSlicePlan.Desired(service, pods);
            if (desired is null)
            {
                continue;
            }

            var ns = ObjectMetadata.Namespace(service);
            var name = ObjectMetadata.Name(service);
            var mine = slices.Where(s => ObjectMetadata.Namespace(s) == ns && (string?)ObjectMetadata.Of(s)["labels"]?[ServiceKinds.ServiceNameLabel] == name).ToList();
            var unmatched = new List<JsonObject>(mine);
            var toCreate = new List<SliceContent>();
            foreach (var content in desired)
            {
                var existing = unmatched.FirstOrDefault(s => SliceContent.PortsKey(s["ports"] as JsonArray) == content.Key);
                if (existing is null)
                {
                    toCreate.Add(content);
                    continue;
                }

                unmatched.Remove(existing);
                kept.Add(Key(existing));
                Update(existing, service, content);
            }

            // A slice whose port set is no longer wanted is reused for a new set before any is created, as upstream does.
            foreach (var content in toCreate)
            {
                if (unmatched.Count > 0)
                {
                    var reuse = unmatched[0];
                    unmatched.RemoveAt(0);
                    kept.Add(Key(reuse));
                    Update(reuse, service, content);
                }
                else
                {
                    store.Create(ServiceKinds.EndpointSlices, NewSlice(service, content));
                }
            }
        }

        foreach (var stale in slices.Where(s => !kept.Contains(Key(s))))
        {
            try
            {
                store.Delete(ServiceKinds.EndpointSlices, ObjectMetadata.Namespace(stale), ObjectMetadata.Name(stale));
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e))
            {
                // Gone meanwhile.
            }
        }
    }

    private static bool Managed(JsonObject slice) =>
        (string?)ObjectMetadata.Of(slice)["labels"]?[ServiceKinds.ManagedByLabel] == ServiceKinds.ControllerName;

    private static string Key(JsonObject obj) => ObjectMetadata.Namespace(obj) + "/" + ObjectMetadata.Name(obj);

    private void Update(JsonObject slice, JsonObject service, SliceContent content)
    {
        if (JsonNode.DeepEquals(slice["ports"], content.Ports) && JsonNode.DeepEquals(slice["endpoints"], content.Endpoints)
            && JsonNode.DeepEquals(ObjectMetadata.Of(slice)["labels"], Labels(service)))
        {
            return;
        }

        try
        {
            store.Update(ServiceKinds.EndpointSlices, ObjectMetadata.Namespace(slice), ObjectMetadata.Name(slice), current =>
            {
                current["ports"] = content.Ports.DeepClone();
                current["endpoints"] = content.Endpoints.DeepClone();
                ObjectMetadata.Of(current)["labels"] = Labels(service);
                return current;
            });
        }
        catch (Exception e) when (StoreErrors.IsNotFound(e))
        {
            // Deleted meanwhile: the next pass creates it again.
        }
    }

    private static JsonObject NewSlice(JsonObject service, SliceContent content)
    {
        var name = ObjectMetadata.Name(service);
        return new JsonObject
        {
            ["apiVersion"] = ServiceKinds.DiscoveryApiVersion,
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = NameSuffix.Append(name + "-"),
                ["generateName"] = name + "-",
                ["namespace"] = ObjectMetadata.Namespace(service),
                ["labels"] = Labels(service),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["name"] = name,
                    ["uid"] = ObjectMetadata.Uid(service),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = content.Endpoints.DeepClone(),
            ["ports"] = content.Ports.DeepClone(),
        };
    }

    /// <summary>The Service's own labels and the two the controller sets (<c>setEndpointSliceLabels</c>).</summary>
    private static JsonObject Labels(JsonObject service)
    {
        var labels = ObjectMetadata.Of(service)["labels"]?.DeepClone() as JsonObject ?? [];
        labels[ServiceKinds.ServiceNameLabel] = ObjectMetadata.Name(service);
        labels[ServiceKinds.ManagedByLabel] = ServiceKinds.ControllerName;
        return labels;
    }
}
