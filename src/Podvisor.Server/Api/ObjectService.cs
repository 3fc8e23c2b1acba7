using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;
using Podvisor.Server.Selectors;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// Writes for the kinds without a registry of their own (events, and metadata updates of namespaces): upstream's
/// generic registry Store (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go) — create, update
/// with an optimistic-concurrency check, patch, delete honouring finalizers, deletecollection.
/// </summary>
internal sealed class ObjectService(ObjectStore store)
{
    private static readonly string[] ServerOwnedMetadata = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"];

    public JsonObject Create(ResourceKind kind, WireFormat format, string ns, JsonObject body, bool dryRun)
    {
        var obj = ToStored(kind, format, body);
        var metadata = ObjectMetadata.Of(obj);
        if (kind.Namespaced)
        {
            if ((string?)metadata["namespace"] is { Length: > 0 } given && given != ns)
            {
                throw ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
            if (store.Get(ResourceKind.Namespaces, string.Empty, ns) is null)
            {
                throw ApiStatus.NotFound("namespaces", ns);
            }
        }

        foreach (var key in ServerOwnedMetadata.Append("resourceVersion"))
        {
            metadata.Remove(key);
        }

        if (ObjectMetadata.Name(obj).Length == 0)
        {
            if ((string?)metadata["generateName"] is { Length: > 0 } prefix)
            {
                metadata["name"] = prefix + GeneratedSuffix();
            }
            else
            {
                throw ApiStatus.Invalid(kind.Kind, string.Empty, [FieldError.Required("metadata.name", "name or generateName is required")]);
            }
        }

        if (dryRun)
        {
            // A dry run answers as the create would, 409 for a taken name included, and stores nothing.
            return store.Get(kind, kind.Namespaced ? ns : string.Empty, ObjectMetadata.Name(obj)) is null ? obj : throw ApiStatus.AlreadyExists(kind.Resource, ObjectMetadata.Name(obj));
        }

        return store.Create(kind, obj);
    }

    /// <summary>PUT or PATCH: <paramref name="change"/> gets the current object in the wire format and returns the desired one.</summary>
    public JsonObject Update(ResourceKind kind, WireFormat format, string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun) =>
        store.Update(kind, ns, name, current =>
        {
            var desired = ToStored(kind, format, change(format.FromStored(current.DeepClone().AsObject())));
            var wanted = (string?)ObjectMetadata.Of(desired)["resourceVersion"];
            if (wanted is not null && wanted != (string?)ObjectMetadata.Of(current)["resourceVersion"])
            {
                throw ApiStatus.StaleResourceVersion(kind.Resource, name);
            }

            var bodyName = ObjectMetadata.Name(desired);
            if (bodyName.Length > 0 && bodyName != name)
            {
                throw ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            var metadata = ObjectMetadata.Of(desired);
            var old = ObjectMetadata.Of(current);
            foreach (var key in ServerOwnedMetadata)
            {
                metadata[key] = old[key]?.DeepClone();
            }

            if (kind == ResourceKind.Namespaces)
            {
                // spec and status belong to the namespace controller (namespaces/finalize and /status).
                desired["spec"] = current["spec"]?.DeepClone();
                desired["status"] = current["status"]?.DeepClone();
            }

            desired["kind"] = kind.Kind;
            desired["apiVersion"] = "v1";
            metadata["resourceVersion"] = old["resourceVersion"]?.DeepClone();
            return JsonNode.DeepEquals(current, desired) ? null : desired;
        }, dryRun);

    /// <summary>DELETE: the removed object's Status, or the object when finalizers keep it (upstream's <c>ReturnDeletedObject: false</c>).</summary>
    public JsonObject Delete(ResourceKind kind, string ns, string name, DeleteOptions options)
    {
        var current = store.Get(kind, ns, name) ?? throw ApiStatus.NotFound(kind.Resource, name);
        if (options.PreconditionUid is { } uid && uid != ObjectMetadata.Uid(current))
        {
            throw ApiStatus.Conflict(kind.Resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMetadata.Uid(current)}");
        }

        if (options.DryRun)
        {
            return ApiStatus.Success(name, kind.Resource, ObjectMetadata.Uid(current));
        }

        var (obj, removed) = store.DeleteOrFinalize(kind, ns, name);
        return removed ? ApiStatus.Success(name, kind.Resource, ObjectMetadata.Uid(obj)) : obj;
    }

    /// <summary>deletecollection: deletes every selected object; answers with the list of what was deleted.</summary>
    public JsonObject DeleteCollection(ResourceKind kind, WireFormat format, string ns, LabelSelector labels, FieldSelector fields, DeleteOptions options)
    {
        var deleted = new List<JsonObject>();
        foreach (var obj in store.List(kind, ns).Items.Where(o => labels.Matches(o) && fields.Matches(o)))
        {
            if (options.DryRun)
            {
                deleted.Add(obj);
                continue;
            }

            try
            {
                deleted.Add(store.DeleteOrFinalize(kind, ns, ObjectMetadata.Name(obj)).Object);
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e))
            {
                // Deleted meanwhile.
            }
        }

        return ResourceReader.ToList(format, deleted.Select(format.FromStored), store.ResourceVersion.ToString(CultureInfo.InvariantCulture));
    }

    private static JsonObject ToStored(ResourceKind kind, WireFormat format, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"] ?? format.ApiVersion;
        var bodyKind = (string?)body["kind"] ?? format.Kind;
        if (apiVersion != format.ApiVersion || bodyKind != format.Kind)
        {
            throw ApiStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({format.ApiVersion})");
        }

        if (body["metadata"] is not (null or JsonObject))
        {
            throw ApiStatus.BadRequest($"{format.Kind} in version \"{format.ApiVersion[(format.ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]}\" cannot be handled as a {format.Kind}: metadata must be an object");
        }

        var stored = format.ApiVersion == EventsV1.ApiVersion ? EventsV1.ToCore(body) : body.DeepClone().AsObject();
        stored["kind"] = kind.Kind;
        stored["apiVersion"] = "v1";
        return stored;
    }

    /// <summary>Five characters from the apiserver's <c>names.SimpleNameGenerator</c> alphabet (no vowels, no look-alikes).</summary>
    private static string GeneratedSuffix()
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }
}
