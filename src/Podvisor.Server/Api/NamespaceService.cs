using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>Namespaces as real objects: create (DNS-1123 label names), delete (Terminating until its pods are gone).</summary>
internal sealed class NamespaceService(ObjectStore store, PodService pods)
{
    /// <summary>The namespaces every cluster has.</summary>
    public static readonly string[] BuiltIn = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static JsonObject New(string name) => new()
    {
        ["kind"] = "Namespace",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };

    public void EnsureBuiltIn()
    {
        foreach (var name in BuiltIn)
        {
            if (store.Get(ResourceKind.Namespaces, string.Empty, name) is null)
            {
                store.Create(ResourceKind.Namespaces, New(name));
            }
        }
    }

    public JsonObject Create(JsonObject body, bool dryRun = false)
    {
        var name = ObjectMetadata.Name(body);
        var errors = new List<FieldError>();
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else if (name.Length > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || name[0] == '-' || name[^1] == '-')
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
        }

        if (errors.Count > 0)
        {
            throw ApiStatus.Invalid("Namespace", name, errors);
        }

        var obj = New(name);
        if (ObjectMetadata.Of(body)["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                ObjectMetadata.Of(obj)["labels"]![key] = value?.DeepClone();
            }
        }

        if (ObjectMetadata.Of(body)["finalizers"] is JsonArray finalizers)
        {
            ObjectMetadata.Of(obj)["finalizers"] = finalizers.DeepClone();
        }

        if (ObjectMetadata.Of(body)["annotations"] is JsonObject annotations)
        {
            ObjectMetadata.Of(obj)["annotations"] = annotations.DeepClone();
        }

        if (dryRun)
        {
            return store.Get(ResourceKind.Namespaces, string.Empty, name) is null ? obj : throw ApiStatus.AlreadyExists("namespaces", name);
        }

        return store.Create(ResourceKind.Namespaces, obj);
    }

    /// <summary>Marks the namespace Terminating, deletes its pods gracefully, and removes it once they are gone.</summary>
    public JsonObject Delete(string name, TimeProvider time)
    {
        if (name is "default" or "kube-system" or "kube-public")
        {
            throw new ApiException(403, "Forbidden", $"namespaces {FieldError.Quote(name)} is forbidden: this namespace may not be deleted");
        }

        var updated = store.Update(ResourceKind.Namespaces, string.Empty, name, current =>
        {
            if (ObjectMetadata.Of(current)["deletionTimestamp"] is not null)
            {
                return null;
            }

            ObjectMetadata.Of(current)["deletionTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
            current["status"] = new JsonObject { ["phase"] = "Terminating" };
            return current;
        });
        _ = RemoveInBackgroundAsync(name);
        return updated;
    }

    /// <summary>The namespace controller's work runs after the request is answered: a failure can only be said on stderr.</summary>
    private async Task RemoveInBackgroundAsync(string name)
    {
        try
        {
            await RemoveWhenEmptyAsync(name).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The server shutting down under it, most likely; the namespace stays Terminating in the store.
            await Console.Error.WriteLineAsync($"podvisor: namespace {name}: removal stopped: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task RemoveWhenEmptyAsync(string name)
    {
        // The namespace controller deletes every namespaced object: the workloads before the pods, or their
        // controllers would replace them; only pods have a graceful deletion to wait for.
        foreach (var kind in new[] { ResourceKind.Deployments, ResourceKind.ReplicaSets, ResourceKind.ConfigMaps, ResourceKind.Secrets, Services.ServiceKinds.Services })
        {
            foreach (var obj in store.List(kind, name).Items)
            {
                try
                {
                    store.DeleteOrFinalize(kind, name, ObjectMetadata.Name(obj));
                }
                catch (Exception e) when (StoreErrors.IsRefusal(e))
                {
                    // Deleted meanwhile.
                }
            }
        }

        var (list, subscription) = store.ListAndSubscribe(ResourceKind.Pods, name);
        using (subscription)
        {
            var remaining = list.Items.Select(ObjectMetadata.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var pod in remaining.ToList())
            {
                try
                {
                    pods.Delete(name, pod, new DeleteOptions(null, null, null, "Background"));
                }
                catch (Exception e) when (StoreErrors.IsRefusal(e))
                {
                    remaining.Remove(pod);
                }
            }

            while (remaining.Count > 0 && await subscription.Changes.WaitToReadAsync().ConfigureAwait(false))
            {
                if (!subscription.Changes.TryRead(out var change))
                {
                    continue;
                }

                if (change.Kind == ResourceKind.Pods && change.Namespace == name && change.Type == "DELETED")
                {
                    remaining.Remove(ObjectMetadata.Name(JsonNode.Parse(change.Json)!.AsObject()));
                }
            }
        }

        try
        {
            // The namespace controller's last step: clear spec.finalizers; the store then removes the namespace
            // unless metadata.finalizers remain (their owner's update removing the last one completes it).
            store.Update(ResourceKind.Namespaces, string.Empty, name, current =>
            {
                current["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
                return current;
            });
        }
        catch (Exception e) when (StoreErrors.IsRefusal(e))
        {
            // Already removed.
        }
    }
}
