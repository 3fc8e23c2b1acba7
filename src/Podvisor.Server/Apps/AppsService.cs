using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Apps;

/// <summary>
/// The Deployment and ReplicaSet registries (pkg/registry/apps/deployment and replicaset): create and update with
/// the apps/v1 defaults and validation, <c>metadata.generation</c> bumped on every spec change, the status kept
/// apart (<c>/status</c>), the <c>/scale</c> subresource as <c>autoscaling/v1</c> Scale, and deletion with
/// the garbage collector's propagation policies (Orphan strips the dependents' owner references at once;
/// Background and Foreground leave the dependents to <see cref="Controllers.GarbageCollector"/>).
/// </summary>
internal sealed class AppsService(ObjectStore store, TimeProvider time)
{
    private static readonly string[] ServerOwnedMetadata = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"];
    private readonly AppsDefaulter _defaulter = new(time);

    public JsonObject Create(ResourceKind kind, string ns, JsonObject body, string? fieldValidation, bool dryRun, List<string> warnings)
    {
        CheckKind(kind, body);
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        if ((string?)metadata["namespace"] is { Length: > 0 } given && given != ns)
        {
            throw ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
        foreach (var key in ServerOwnedMetadata.Append("resourceVersion"))
        {
            metadata.Remove(key);
        }

        if (ObjectMetadata.Name(body).Length == 0 && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = NameSuffix.Append(prefix);
        }

        body.Remove("status");
        var stored = Normalize(kind, body, fieldValidation, warnings);
        ObjectMetadata.Of(stored)["generation"] = 1L;
        stored["status"] = new JsonObject();
        if (store.Get(ResourceKind.Namespaces, string.Empty, ns) is null)
        {
            throw ApiStatus.NotFound("namespaces", ns);
        }

        if (dryRun)
        {
            return store.Get(kind, ns, ObjectMetadata.Name(stored)) is null ? stored : throw ApiStatus.AlreadyExists(AppsGroup.Qualified(kind), ObjectMetadata.Name(stored));
        }

        return store.Create(kind, stored);
    }

    /// <summary>PUT or PATCH of the object: <paramref name="change"/> turns the current object into the desired one; the status stays.</summary>
    public JsonObject Update(ResourceKind kind, string ns, string name, Func<JsonObject, JsonObject> change, string? fieldValidation, bool dryRun, List<string> warnings) =>
        store.Update(kind, ns, name, current =>
        {
            var desired = change(current.DeepClone().AsObject());
            CheckPreconditions(kind, current, desired, name);
            CheckKind(kind, desired);
            var next = Normalize(kind, WithIdentity(desired, current), fieldValidation, warnings);
            var immutable = AppsValidator.SelectorUnchanged(Selector(current), Selector(next));
            if (immutable.Count > 0)
            {
                throw Invalid(kind, name, immutable);
            }

            var metadata = ObjectMetadata.Of(next);
            var old = ObjectMetadata.Of(current);
            foreach (var key in ServerOwnedMetadata)
            {
                metadata[key] = old[key]?.DeepClone();
            }

            if (ObjectMetadata.Of(desired)["managedFields"] is null)
            {
                metadata["managedFields"] = old["managedFields"]?.DeepClone();
            }

            if (!JsonNode.DeepEquals(current["spec"], next["spec"]))
            {
                metadata["generation"] = ((long?)old["generation"] ?? 1) + 1;
            }

            next["status"] = current["status"]?.DeepClone();
            metadata["resourceVersion"] = old["resourceVersion"]?.DeepClone();
            return JsonNode.DeepEquals(current, next) ? null : next;
        }, dryRun);

    /// <summary>PUT/PATCH <c>/status</c>: only the status changes.</summary>
    public JsonObject UpdateStatus(ResourceKind kind, string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun) =>
        store.Update(kind, ns, name, current =>
        {
            var desired = change(current.DeepClone().AsObject());
            CheckPreconditions(kind, current, desired, name);
            var next = current.DeepClone().AsObject();
            next["status"] = desired["status"]?.DeepClone() ?? new JsonObject();
            return JsonNode.DeepEquals(current, next) ? null : next;
        }, dryRun);

    public JsonObject GetScale(ResourceKind kind, string ns, string name) =>
        ScaleOf(store.Get(kind, ns, name) ?? throw ApiStatus.NotFound(AppsGroup.Qualified(kind), name));

    /// <summary>PUT/PATCH <c>/scale</c>: the Scale's <c>spec.replicas</c> becomes the object's.</summary>
    public JsonObject UpdateScale(ResourceKind kind, string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun)
    {
        var updated = store.Update(kind, ns, name, current =>
        {
            var desired = change(ScaleOf(current));
            var wanted = (string?)desired["metadata"]?["resourceVersion"];
            if (wanted is not null && wanted != (string?)ObjectMetadata.Of(current)["resourceVersion"])
            {
                throw ApiStatus.StaleResourceVersion(AppsGroup.Qualified(kind), name);
            }

            // Read from the JSON text: a value built in code (an int) and one parsed from a body both work.
            var replicas = desired["spec"]?["replicas"] is JsonValue v
                && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : 0;
            if (replicas < 0)
            {
                throw new ApiException(422, "Invalid", $"Scale.autoscaling {FieldError.Quote(name)} is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0",
                    new JsonObject { ["name"] = name, ["group"] = "autoscaling", ["kind"] = "Scale", ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {replicas}: must be greater than or equal to 0", ["field"] = "spec.replicas" }) });
            }

            if ((long?)current["spec"]?["replicas"] == replicas)
            {
                return null;
            }

            var next = current.DeepClone().AsObject();
            next["spec"]!["replicas"] = replicas;
            var metadata = ObjectMetadata.Of(next);
            metadata["generation"] = ((long?)metadata["generation"] ?? 1) + 1;
            return next;
        }, dryRun);
        return ScaleOf(updated);
    }

    /// <summary>DELETE with a propagation policy; the answer is the deleted object's Status.</summary>
    public JsonObject Delete(ResourceKind kind, string ns, string name, DeleteOptions options)
    {
        var current = store.Get(kind, ns, name) ?? throw ApiStatus.NotFound(AppsGroup.Qualified(kind), name);
        var uid = ObjectMetadata.Uid(current);
        if (options.PreconditionUid is { } wanted && wanted != uid)
        {
            throw ApiStatus.Conflict(AppsGroup.Qualified(kind), name, $"Precondition failed: UID in precondition: {wanted}, UID in object meta: {uid}");
        }

        if (options.DryRun)
        {
            return Success(kind, name, uid);
        }

        if (options.PropagationPolicy == "Orphan" && uid is not null)
        {
            Controllers.OwnerReferences.Orphan(store, kind == ResourceKind.Deployments ? ResourceKind.ReplicaSets : ResourceKind.Pods, ns, uid);
        }

        var (obj, removed) = store.DeleteOrFinalize(kind, ns, name);
        return removed ? Success(kind, name, uid) : obj;
    }

    /// <summary>Decodes, defaults and validates a desired object; returns its stored JSON.</summary>
    private JsonObject Normalize(ResourceKind kind, JsonObject body, string? fieldValidation, List<string> warnings)
    {
        var name = ObjectMetadata.Name(body);
        if (kind == ResourceKind.Deployments)
        {
            var deployment = AppsDecoder.Decode<V1Deployment>(body, kind.Kind, fieldValidation, warnings);
            deployment.Metadata ??= new V1ObjectMeta();
            _defaulter.Apply(deployment);
            var errors = AppsValidator.Deployment(deployment);
            return errors.Count > 0 ? throw Invalid(kind, name, errors) : ToJson(deployment, kind);
        }

        var set = AppsDecoder.Decode<V1ReplicaSet>(body, kind.Kind, fieldValidation, warnings);
        set.Metadata ??= new V1ObjectMeta();
        _defaulter.Apply(set);
        var setErrors = AppsValidator.ReplicaSet(set);
        return setErrors.Count > 0 ? throw Invalid(kind, name, setErrors) : ToJson(set, kind);
    }

    private static JsonObject ToJson(object model, ResourceKind kind)
    {
        var json = JsonNode.Parse(ModelSerializer.Serialize(model))!.AsObject();
        json["apiVersion"] = AppsGroup.ApiVersion;
        json["kind"] = kind.Kind;
        return json;
    }

    private static JsonObject WithIdentity(JsonObject desired, JsonObject current)
    {
        var metadata = desired["metadata"] as JsonObject ?? [];
        desired["metadata"] = metadata;
        metadata["name"] = ObjectMetadata.Name(current);
        metadata["namespace"] = ObjectMetadata.Namespace(current);
        return desired;
    }

    private static JsonObject ScaleOf(JsonObject obj)
    {
        var metadata = ObjectMetadata.Of(obj);
        var selector = ModelSerializer.Deserialize<V1LabelSelector>(obj["spec"]?["selector"]?.ToJsonString() ?? "{}");
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = (long?)obj["spec"]?["replicas"] ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = (long?)obj["status"]?["replicas"] ?? 0,
                ["selector"] = ModelSelector.Format(selector) is var text && text != "<none>" ? text : string.Empty,
            },
        };
    }

    private static V1LabelSelector? Selector(JsonObject obj) =>
        obj["spec"]?["selector"] is { } node ? ModelSerializer.Deserialize<V1LabelSelector>(node.ToJsonString()) : null;

    private static ApiException Invalid(ResourceKind kind, string name, IReadOnlyList<FieldError> errors)
    {
        return ApiStatus.Invalid(kind.Kind, name, errors, AppsGroup.Name);
    }

    private static JsonObject Success(ResourceKind kind, string name, string? uid)
    {
        var status = ApiStatus.Success(name, kind.Resource, uid);
        status["details"]!["group"] = AppsGroup.Name;
        return status;
    }

    private static void CheckKind(ResourceKind kind, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"] ?? AppsGroup.ApiVersion;
        if (apiVersion != AppsGroup.ApiVersion || ((string?)body["kind"] ?? kind.Kind) != kind.Kind)
        {
            throw ApiStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({AppsGroup.ApiVersion})");
        }
    }

    private static void CheckPreconditions(ResourceKind kind, JsonObject current, JsonObject desired, string name)
    {
        var wanted = (string?)desired["metadata"]?["resourceVersion"];
        if (wanted is not null && wanted != (string?)ObjectMetadata.Of(current)["resourceVersion"])
        {
            throw ApiStatus.StaleResourceVersion(AppsGroup.Qualified(kind), name);
        }

        var bodyName = (string?)desired["metadata"]?["name"];
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }
}
