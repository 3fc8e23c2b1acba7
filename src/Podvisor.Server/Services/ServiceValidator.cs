using System.Net;
using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Validation;

namespace Podvisor.Server.Services;

/// <summary>
/// The part of upstream's <c>ValidateService</c> (pkg/apis/core/validation/validation.go) that a defaulted Service meets
/// here: name, type, ports (required, names when more than one, duplicates, ranges, protocols, target ports) and
/// node ports only on the types that have them.
/// </summary>
internal static class ServiceValidator
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] Affinities = ["ClientIP", "None"];

    public static IReadOnlyList<FieldError> Validate(JsonObject service)
    {
        var errors = new List<FieldError>();
        var name = (string?)service["metadata"]?["name"] ?? string.Empty;
        foreach (var message in Dns1035Label(name))
        {
            errors.Add(FieldError.Invalid("metadata.name", name, message));
        }

        var spec = service["spec"] as JsonObject ?? [];
        var type = (string?)spec["type"] ?? "ClusterIP";
        if (!Types.Contains(type))
        {
            errors.Add(FieldError.NotSupported("spec.type", type, Types));
        }

        var affinity = (string?)spec["sessionAffinity"] ?? "None";
        if (!Affinities.Contains(affinity))
        {
            errors.Add(FieldError.NotSupported("spec.sessionAffinity", affinity, Affinities));
        }

        var clusterIp = (string?)spec["clusterIP"];
        var headless = clusterIp == "None";
        if (clusterIp is { Length: > 0 } && !headless && !IPAddress.TryParse(clusterIp, out _))
        {
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", clusterIp, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }

        var ports = (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (ports.Count == 0 && type != "ExternalName" && !(type == "ClusterIP" && headless))
        {
            errors.Add(FieldError.Required("spec.ports"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            ValidatePort(ports[i], $"spec.ports[{i}]", ports.Count > 1, type, names, errors);
        }

        return errors;
    }

    private static void ValidatePort(JsonObject port, string path, bool namesRequired, string type, HashSet<string> names, List<FieldError> errors)
    {
        var name = (string?)port["name"] ?? string.Empty;
        if (namesRequired && name.Length == 0)
        {
            errors.Add(FieldError.Required(path + ".name"));
        }
        else if (name.Length > 0)
        {
            foreach (var message in NameRules.Dns1123Label(name))
            {
                errors.Add(FieldError.Invalid(path + ".name", name, message));
            }

            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(path + ".name", name));
            }
        }

        var number = EndpointRules.Number(port["port"]);
        if (number is null || !NameRules.IsValidPort(number.Value))
        {
            errors.Add(FieldError.Invalid(path + ".port", number ?? 0, "must be between 1 and 65535, inclusive"));
        }

        var protocol = (string?)port["protocol"] ?? "TCP";
        if (!Protocols.Contains(protocol))
        {
            errors.Add(FieldError.NotSupported(path + ".protocol", protocol, Protocols));
        }

        if (port["targetPort"] is JsonValue target && target.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            var targetName = (string)target!;
            foreach (var message in NameRules.PortName(targetName))
            {
                errors.Add(FieldError.Invalid(path + ".targetPort", targetName, message));
            }
        }
        else if (EndpointRules.Number(port["targetPort"]) is not { } targetNumber || !NameRules.IsValidPort(targetNumber))
        {
            errors.Add(FieldError.Invalid(path + ".targetPort", EndpointRules.Number(port["targetPort"]) ?? 0, "must be between 1 and 65535, inclusive"));
        }

        if (EndpointRules.Number(port["nodePort"]) is { } nodePort and not 0 && type is "ClusterIP" or "ExternalName")
        {
            errors.Add(FieldError.Forbidden(path + ".nodePort", $"may not be used when `type` is '{type}'"));
        }
    }

    /// <summary>IsDNS1035Label: a Service name must start with a letter.</summary>
    private static IReadOnlyList<string> Dns1035Label(string value)
    {
        var messages = new List<string>();
        if (value.Length > 63)
        {
            messages.Add(NameRules.MaxLengthMessage(63));
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z]([-a-z0-9]*[a-z0-9])?$"))
        {
            messages.Add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }

        return messages;
    }
}
