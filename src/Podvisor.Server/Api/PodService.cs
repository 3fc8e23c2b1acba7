using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Hosting;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// The pod registry (upstream <c>pkg/registry/core/pod</c>): create with defaults and validation, updates
/// limited to what a pod may change, and graceful deletion (<c>CheckGracefulDelete</c>). HTTP-free, so that
/// its rules are unit-testable.
/// </summary>
internal sealed class PodService(ObjectStore store, PodController controller, TimeProvider time, string nodeName)
{
    private static readonly string[] ServerOwnedMetadata = ["deletionTimestamp", "deletionGracePeriodSeconds", "generation"];
    private readonly PodAdmission _admission = new(time);

    public JsonObject Create(string ns, string body, string? fieldValidation, bool dryRun, List<string> warnings)
    {
        var pod = PodDecoder.Decode(body, fieldValidation, warnings);
        return Create(ns, pod, dryRun, warnings);
    }

    /// <param name="decorate">A last change to the object before it is stored (server-side apply's managedFields).</param>
    public JsonObject Create(string ns, V1Pod pod, bool dryRun, List<string> warnings, Action<JsonObject>? decorate = null)
    {
        CheckKind(pod.ApiVersion, pod.Kind);
        var metadata = pod.Metadata ??= new V1ObjectMeta();
        if (!string.IsNullOrEmpty(metadata.NamespaceProperty) && metadata.NamespaceProperty != ns)
        {
            throw ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata.NamespaceProperty = ns;
        metadata.Uid = null;
        metadata.CreationTimestamp = null;
        metadata.ResourceVersion = null;
        metadata.DeletionTimestamp = null;
        metadata.DeletionGracePeriodSeconds = null;
        metadata.Generation = null;
        if (string.IsNullOrEmpty(metadata.Name) && string.IsNullOrEmpty(metadata.GenerateName))
        {
            throw new ApiException(422, "Invalid", "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required",
                new JsonObject { ["kind"] = "Pod", ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value: name or generateName is required", ["field"] = "metadata.name" }) });
        }

        Validate(pod, warnings);
        if (store.Get(ResourceKind.Namespaces, string.Empty, ns) is null)
        {
            throw ApiStatus.NotFound("namespaces", ns);
        }

        // Bound to this node at once: there is no scheduler, and a pod without a node would be deleted with grace 0.
        pod.Spec.NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? nodeName : pod.Spec.NodeName;
        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = QosClassifier.Classify(pod.Spec) };
        var json = JsonNode.Parse(ModelSerializer.Serialize(pod))!.AsObject();
        decorate?.Invoke(json);
        if (dryRun)
        {
            // A dry run answers exactly as the create would, without storing (409 for a taken name included).
            if (!string.IsNullOrEmpty(metadata.Name) && store.Get(ResourceKind.Pods, ns, metadata.Name) is not null)
            {
                throw ApiStatus.AlreadyExists("pods", metadata.Name);
            }

            return json;
        }

        var stored = store.Create(ResourceKind.Pods, json);
        controller.Admit(stored);
        return stored;
    }

    /// <summary>
    /// Updates the pod's metadata and spec with <paramref name="change"/> (PUT, or any patch applied to the current
    /// object). The status is kept: it belongs to <c>pods/status</c>. A stale <c>resourceVersion</c> gets 409.
    /// </summary>
    public JsonObject Update(string ns, string name, Func<JsonObject, JsonObject> change, List<string> warnings, bool dryRun = false)
    {
        var updated = UpdateStored(ns, name, change, dryRun);
        if (!dryRun)
        {
            // The kubelet sees the new spec and restarts a container whose image changed.
            controller.UpdateSpec(updated);
        }

        return updated;
    }

    private JsonObject UpdateStored(string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun)
    {
        return store.Update(ResourceKind.Pods, ns, name, current =>
        {
            var desired = change(current.DeepClone().AsObject());
            CheckPreconditions(current, desired, name);
            CheckKind((string?)desired["apiVersion"] ?? "v1", (string?)desired["kind"] ?? "Pod");
            var pod = ModelSerializer.Deserialize<V1Pod>(desired.ToJsonString());
            pod.Metadata ??= new V1ObjectMeta();
            pod.Metadata.NamespaceProperty = ns;
            pod.Metadata.Name = name;
            pod.Metadata.Uid = ObjectMetadata.Uid(current);
            pod.Metadata.CreationTimestamp = ModelSerializer.Deserialize<V1ObjectMeta>(ObjectMetadata.Of(current).ToJsonString()).CreationTimestamp;
            // Unhonoured-field warnings were given at create; the stored pod carries defaults they would flag.
            Validate(pod, []);
            var next = JsonNode.Parse(ModelSerializer.Serialize(pod))!.AsObject();
            var forbidden = PodUpdateRules.Check(current["spec"]?.AsObject() ?? [], next["spec"]?.AsObject() ?? []);
            if (forbidden.Count > 0)
            {
                throw ApiStatus.Invalid("Pod", name, forbidden);
            }

            // Server-owned metadata survives whatever the client sent.
            var metadata = ObjectMetadata.Of(next);
            var old = ObjectMetadata.Of(current);
            foreach (var key in ServerOwnedMetadata)
            {
                metadata[key] = old[key]?.DeepClone();
            }

            // An update that does not mention managedFields keeps them, as the apiserver's field manager does.
            if (ObjectMetadata.Of(desired)["managedFields"] is null)
            {
                metadata["managedFields"] = old["managedFields"]?.DeepClone();
            }

            next["status"] = current["status"]?.DeepClone();
            return JsonNode.DeepEquals(StripVersion(current), StripVersion(next)) ? null : next;
        }, dryRun);
    }

    /// <summary>PUT/PATCH <c>pods/status</c>: only the status changes.</summary>
    public JsonObject UpdateStatus(string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun = false) =>
        store.Update(ResourceKind.Pods, ns, name, current =>
        {
            var desired = change(current.DeepClone().AsObject());
            CheckPreconditions(current, desired, name);
            try
            {
                var status = ModelSerializer.Deserialize<V1PodStatus>(desired["status"]?.ToJsonString() ?? "{}");
                var next = current.DeepClone().AsObject();
                next["status"] = JsonNode.Parse(ModelSerializer.Serialize(status));
                return JsonNode.DeepEquals(current["status"], next["status"]) ? null : next;
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiStatus.BadRequest($"PodStatus in version \"v1\" cannot be handled as a Pod: {e.Message}");
            }
        }, dryRun);

    /// <summary>
    /// DELETE: immediate for grace 0, a pod not bound to a node, or one already terminal (the deleted object is
    /// returned); otherwise sets <c>deletionTimestamp</c>, returns the pod, and lets the engine terminate it.
    /// </summary>
    public JsonObject Delete(string ns, string name, DeleteOptions options, bool dryRun = false)
    {
        var current = store.Get(ResourceKind.Pods, ns, name) ?? throw ApiStatus.NotFound("pods", name);
        CheckDeletePreconditions(current, options, name);
        if (dryRun)
        {
            return current;
        }

        var grace = options.GracePeriodSeconds ?? (long?)current["spec"]?["terminationGracePeriodSeconds"] ?? PodDefaulter.DefaultTerminationGracePeriodSeconds;
        if (grace < 0)
        {
            grace = 1;
        }

        if (string.IsNullOrEmpty((string?)current["spec"]?["nodeName"]) || PodController.IsTerminal(current))
        {
            grace = 0;
        }

        var uid = ObjectMetadata.Uid(current);
        if (grace == 0)
        {
            var deleted = store.Delete(ResourceKind.Pods, ns, name, c => CheckDeletePreconditions(c, options with { PreconditionUid = options.PreconditionUid ?? uid }, name));
            controller.Kill(ns, name);
            return deleted;
        }

        var now = time.GetUtcNow();
        var updated = store.Update(ResourceKind.Pods, ns, name, c =>
        {
            CheckDeletePreconditions(c, options with { PreconditionUid = options.PreconditionUid ?? uid }, name);
            var metadata = ObjectMetadata.Of(c);
            var deadline = now + TimeSpan.FromSeconds(grace);
            // A later delete may only shorten the grace period.
            if (ObjectMetadata.ParseTimestamp(metadata["deletionTimestamp"]) is { } existing && existing <= deadline)
            {
                return null;
            }

            metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(deadline);
            metadata["deletionGracePeriodSeconds"] = grace;
            return c;
        });
        controller.BeginDelete(ns, name, uid, grace);
        return updated;
    }

    /// <summary>Admission's per-pod stage (defaults, validation, unhonoured fields); its errors become 422 Invalid with causes.</summary>
    private void Validate(V1Pod pod, List<string> warnings)
    {
        var review = _admission.Review(pod);
        if (review.Invalid.Count > 0)
        {
            throw ApiStatus.Invalid("Pod", pod.Metadata.Name ?? string.Empty, review.Invalid);
        }

        warnings.AddRange(review.Warnings);
    }

    private static void CheckKind(string? apiVersion, string? kind)
    {
        if ((kind ?? "Pod") != "Pod" || (apiVersion ?? "v1") != "v1")
        {
            throw ApiStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (v1)");
        }
    }

    private static void CheckPreconditions(JsonObject current, JsonObject desired, string name)
    {
        var wanted = ObjectMetadata.Of(desired)["resourceVersion"];
        if (wanted is not null && (string?)wanted != (string?)ObjectMetadata.Of(current)["resourceVersion"])
        {
            throw ApiStatus.StaleResourceVersion("pods", name);
        }

        var uid = (string?)ObjectMetadata.Of(desired)["uid"];
        if (!string.IsNullOrEmpty(uid) && uid != ObjectMetadata.Uid(current))
        {
            throw ApiStatus.Conflict("pods", name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMetadata.Uid(current)}");
        }
    }

    private static void CheckDeletePreconditions(JsonObject current, DeleteOptions options, string name)
    {
        if (options.PreconditionUid is { } uid && uid != ObjectMetadata.Uid(current))
        {
            throw ApiStatus.Conflict("pods", name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMetadata.Uid(current)}");
        }

        var rv = (string?)ObjectMetadata.Of(current)["resourceVersion"];
        if (options.PreconditionResourceVersion is { } wanted && wanted != rv)
        {
            throw ApiStatus.Conflict("pods", name, $"Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {rv}");
        }
    }

    private static JsonObject StripVersion(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        ObjectMetadata.Of(copy).Remove("resourceVersion");
        return copy;
    }
}
