using System.Text;
using k8s.Models;
using Podvisor.Engine.Config;

namespace Podvisor.Engine.Tests.Config;

/// <summary>ValidateSecret's registry-credential types (pkg/apis/core/validation/validation.go).</summary>
public sealed class SecretTypeRulesTests
{
    private static V1Secret Secret(string type, string? key, string? value) => new()
    {
        Metadata = new V1ObjectMeta { Name = "regcred", NamespaceProperty = "default" },
        Type = type,
        Data = key is null ? null : new Dictionary<string, byte[]> { [key] = Encoding.UTF8.GetBytes(value ?? string.Empty) },
    };

    [Theory]
    [InlineData("kubernetes.io/dockerconfigjson", "data[.dockerconfigjson]: Required value")]
    [InlineData("kubernetes.io/dockercfg", "data[.dockercfg]: Required value")]
    public void A_registry_secret_without_its_key_is_invalid(string type, string expected)
    {
        var error = Assert.Single(ConfigObjectValidator.Validate(Secret(type, "other", "x")));

        Assert.Equal(expected, error.Render());
    }

    [Theory]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("""{"auths": {""", "unexpected end of JSON input")]
    [InlineData("<html>", "invalid character '<' looking for beginning of value")]
    [InlineData("[1]", "json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("\"text\"", "json: cannot unmarshal string into Go value of type map[string]interface {}")]
    public void Its_value_must_be_a_json_object(string value, string goError)
    {
        var error = Assert.Single(ConfigObjectValidator.Validate(Secret("kubernetes.io/dockerconfigjson", ".dockerconfigjson", value)));

        Assert.Equal($"data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": {goError}", error.Render());
    }

    [Theory]
    [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", """{"auths": {}}""")]
    [InlineData("kubernetes.io/dockercfg", ".dockercfg", """{"r.example.com": {"auth": "dTpw"}}""")]
    [InlineData("kubernetes.io/dockerconfigjson", ".dockerconfigjson", "null")]
    [InlineData("Opaque", null, null)]
    public void Well_formed_or_other_types_are_valid(string type, string? key, string? value) =>
        Assert.Empty(ConfigObjectValidator.Validate(Secret(type, key, value)));
}
