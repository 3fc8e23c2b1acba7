using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Store;

namespace Podvisor.Server.Services;

/// <summary>
/// The Service registry (pkg/registry/core/service/storage): create and update with the core/v1 defaults and
/// validation, a cluster IP from <see cref="ClusterIpRange"/> and node ports from <see cref="NodePortRange"/>
/// allocated when unset, the allocated values kept when an update leaves them out (<c>patchAllocatedValues</c>),
/// and the status kept apart. Allocation reads the stored Services under the store's write lock, so two creates
/// cannot take the same address or port, and a deleted Service frees its own at once.
/// </summary>
internal sealed class ServiceRegistry(ObjectStore store, ObjectService objects)
{
    private static readonly string[] ServerOwnedMetadata = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion"];
    private readonly Lock _allocation = new();

    public JsonObject Create(string ns, JsonObject body, string? fieldValidation, bool dryRun, List<string> warnings)
    {
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        if ((string?)metadata["namespace"] is { Length: > 0 } given && given != ns)
        {
            throw ApiStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
        foreach (var key in ServerOwnedMetadata)
        {
            metadata.Remove(key);
        }

        if (ObjectMetadata.Name(body).Length == 0 && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = NameSuffix.Append(prefix);
        }

        var service = Normalize(body, fieldValidation, warnings);
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        if (store.Get(ResourceKind.Namespaces, string.Empty, ns) is null)
        {
            throw ApiStatus.NotFound("namespaces", ns);
        }

        lock (_allocation)
        {
            var name = ObjectMetadata.Name(service);
            if (store.Get(ServiceKinds.Services, ns, name) is not null)
            {
                throw ApiStatus.AlreadyExists(ServiceKinds.Services.Resource, name);
            }

            Allocate(service, null);
            return dryRun ? service : store.Create(ServiceKinds.Services, service);
        }
    }

    /// <summary>PUT or PATCH: <paramref name="change"/> turns the current Service into the desired one.</summary>
    public JsonObject Update(string ns, string name, Func<JsonObject, JsonObject> change, string? fieldValidation, bool dryRun, List<string> warnings)
    {
        lock (_allocation)
        {
            return store.Update(ServiceKinds.Services, ns, name, current =>
            {
                var desired = change(current.DeepClone().AsObject());
                var wanted = (string?)desired["metadata"]?["resourceVersion"];
                if (wanted is not null && wanted != (string?)ObjectMetadata.Of(current)["resourceVersion"])
                {
                    throw ApiStatus.StaleResourceVersion(ServiceKinds.Services.Resource, name);
                }

                var bodyName = (string?)desired["metadata"]?["name"];
                if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
                {
                    throw ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
                }

                var metadata = desired["metadata"] as JsonObject ?? [];
                desired["metadata"] = metadata;
                metadata["name"] = name;
                metadata["namespace"] = ns;
                var next = Normalize(desired, fieldValidation, warnings);
                var nextMetadata = ObjectMetadata.Of(next);
                var old = ObjectMetadata.Of(current);
                foreach (var key in ServerOwnedMetadata)
                {
                    nextMetadata[key] = old[key]?.DeepClone();
                }

                Allocate(next, current);
                next["status"] = current["status"]?.DeepClone();
                return JsonNode.DeepEquals(current, next) ? null : next;
            }, dryRun);
        }
    }

    /// <summary>PUT/PATCH <c>/status</c>: only the status changes.</summary>
    public JsonObject UpdateStatus(string ns, string name, Func<JsonObject, JsonObject> change, bool dryRun) =>
        store.Update(ServiceKinds.Services, ns, name, current =>
        {
            var desired = change(current.DeepClone().AsObject());
            var next = current.DeepClone().AsObject();
            next["status"] = desired["status"]?.DeepClone() ?? new JsonObject();
            return JsonNode.DeepEquals(current, next) ? null : next;
        }, dryRun);

    public JsonObject Delete(string ns, string name, DeleteOptions options) => objects.Delete(ServiceKinds.Services, ns, name, options);

    private static JsonObject Normalize(JsonObject body, string? fieldValidation, List<string> warnings)
    {
        var apiVersion = (string?)body["apiVersion"] ?? "v1";
        if (apiVersion != "v1" || ((string?)body["kind"] ?? "Service") != "Service")
        {
            throw ApiStatus.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (v1)");
        }

        // The typed decode gives the apiserver's strict/warn handling of unknown fields and its type errors.
        AppsDecoder.Decode<V1Service>(body, "Service", fieldValidation, warnings);
        var service = body.DeepClone().AsObject();
        service["apiVersion"] = "v1";
        service["kind"] = "Service";
        ServiceDefaults.Apply(service);
        var errors = ServiceValidator.Validate(service);
        return errors.Count > 0 ? throw ApiStatus.Invalid("Service", ObjectMetadata.Name(service), errors) : service;
    }

    /// <summary>
    /// Gives the Service its cluster IP and node ports: kept from <paramref name="current"/> when the update leaves them
    /// out, checked against the range and the other Services when given, allocated when still unset.
    /// </summary>
    private void Allocate(JsonObject service, JsonObject? current)
    {
        var spec = (JsonObject)service["spec"]!;
        var oldSpec = current?["spec"] as JsonObject;
        var name = ObjectMetadata.Name(service);
        var others = store.List(ServiceKinds.Services, null).Items
            .Where(s => current is null || ObjectMetadata.Uid(s) != ObjectMetadata.Uid(current))
            .ToList();

        if (!ServiceDefaults.NeedsClusterIp(spec))
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        else
        {
            var oldIp = (string?)oldSpec?["clusterIP"];
            var ip = (string?)spec["clusterIP"] is { Length: > 0 } given ? given : oldIp;
            if (oldIp is { Length: > 0 } && ip != oldIp)
            {
                throw ApiStatus.Invalid("Service", name, [FieldError.Invalid("spec.clusterIPs[0]", ip, "may not change once set")]);
            }

            var used = others.Select(s => (string?)s["spec"]?["clusterIP"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (ip is null)
            {
                ip = ClusterIpRange.Allocate(used) ?? throw ApiStatus.Invalid("Service", name, [FieldError.Invalid("spec.clusterIPs", "", "failed to allocate IP: range is full")]);
            }
            else if (ip != "None" && ip != oldIp)
            {
                if (!ClusterIpRange.Contains(IPAddress.Parse(ip)))
                {
                    throw ApiStatus.Invalid("Service", name, [FieldError.Invalid("spec.clusterIPs", ip, $"failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {ClusterIpRange.Cidr}")]);
                }

                if (used.Contains(ip))
                {
                    throw ApiStatus.Invalid("Service", name, [FieldError.Invalid("spec.clusterIPs", ip, $"failed to allocate IP {ip}: provided IP is already allocated")]);
                }
            }

            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
            if (ip != "None")
            {
                spec["ipFamilies"] ??= new JsonArray("IPv4");
            }

            spec["ipFamilyPolicy"] ??= "SingleStack";
        }

        if (!ServiceDefaults.NeedsNodePorts(spec))
        {
            return;
        }

        var taken = others.SelectMany(s => (s["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>())
            .Select(p => EndpointRules.Number(p["nodePort"]) ?? 0).Where(p => p != 0).ToHashSet();
        var oldPorts = (oldSpec?["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var ports = (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var nodePort = EndpointRules.Number(port["nodePort"]) ?? 0;
            if (nodePort == 0)
            {
                // An update that leaves the node port out keeps the one this port had (matched by name, then port).
                nodePort = oldPorts.FirstOrDefault(o => (string?)o["name"] == (string?)port["name"] && EndpointRules.Number(o["port"]) == EndpointRules.Number(port["port"])) is { } match
                    ? EndpointRules.Number(match["nodePort"]) ?? 0
                    : 0;
            }

            if (nodePort == 0)
            {
                nodePort = NodePortRange.Allocate(taken) ?? throw ApiStatus.Invalid("Service", name, [FieldError.Invalid($"spec.ports[{i}].nodePort", 0, "range is full")]);
            }
            else if (!NodePortRange.Contains(nodePort))
            {
                throw ApiStatus.Invalid("Service", name, [FieldError.Invalid($"spec.ports[{i}].nodePort", nodePort, NodePortRange.NotInRange)]);
            }
            else if (taken.Contains(nodePort))
            {
                throw ApiStatus.Invalid("Service", name, [FieldError.Invalid($"spec.ports[{i}].nodePort", nodePort, NodePortRange.AlreadyAllocated)]);
            }

            taken.Add(nodePort);
            port["nodePort"] = nodePort;
        }
    }
}
