using System.Text;
using k8s.Models;
using Podvisor.Engine.Config;

namespace Podvisor.Engine.Tests.Config;

public class ConfigObjectValidatorTests
{
    private static V1ObjectMeta Meta(string name = "settings") => new() { Name = name, NamespaceProperty = "default" };

    [Fact]
    public void ConfigMap_KeyInDataAndBinaryData_IsDuplicate()
    {
        var configMap = new V1ConfigMap { Metadata = Meta(), Data = new Dictionary<string, string> { ["a"] = "1" }, BinaryData = new Dictionary<string, byte[]> { ["a"] = [1] } };

        var error = Assert.Single(ConfigObjectValidator.Validate(configMap));

        Assert.Equal("data[a]: Invalid value: \"a\": duplicate of key present in binaryData", error.Render());
    }

    [Fact]
    public void ConfigMap_BadKeysInBothMaps_EveryErrorReported()
    {
        var configMap = new V1ConfigMap { Metadata = Meta("Bad_Name"), Data = new Dictionary<string, string> { ["a b"] = "1" }, BinaryData = new Dictionary<string, byte[]> { ["..x"] = [1] } };

        var rendered = ConfigObjectValidator.Validate(configMap).Select(e => e.Render()).ToList();

        Assert.Equal(3, rendered.Count);
        Assert.StartsWith("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", rendered[0], StringComparison.Ordinal);
        Assert.Equal($"data[a b]: Invalid value: \"a b\": {ConfigKeyRules.KeyMessage}", rendered[1]);
        Assert.Equal("binaryData[..x]: Invalid value: \"..x\": must not start with '..'", rendered[2]);
    }

    [Theory]
    [InlineData(1024 * 1024, false)]
    [InlineData((1024 * 1024) + 1, true)]
    public void ConfigMap_OverOneMebibyteOfValues_TooLongForTheWholeObject(int bytes, bool tooLong)
    {
        // Half the bytes in data, half in binaryData: the limit is on their sum.
        var configMap = new V1ConfigMap
        {
            Metadata = Meta(),
            Data = new Dictionary<string, string> { ["text"] = new string('x', bytes / 2) },
            BinaryData = new Dictionary<string, byte[]> { ["bin"] = new byte[bytes - (bytes / 2)] },
        };

        var errors = ConfigObjectValidator.Validate(configMap);

        Assert.Equal(tooLong ? ["[]: Too long: may not be more than 1048576 bytes"] : [], errors.Select(e => e.Render()));
    }

    [Fact]
    public void Secret_OverOneMebibyte_TooLongOnData()
    {
        var secret = new V1Secret { Metadata = Meta(), Data = new Dictionary<string, byte[]> { ["a"] = new byte[1024 * 1024], ["b"] = [1] } };

        Assert.Equal(["data: Too long: may not be more than 1048576 bytes"], ConfigObjectValidator.Validate(secret).Select(e => e.Render()));
    }

    [Fact]
    public void Secret_StringData_MergedIntoDataAndWins()
    {
        var secret = new V1Secret
        {
            Metadata = Meta(),
            Data = new Dictionary<string, byte[]> { ["user"] = "old"u8.ToArray(), ["keep"] = "k"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["user"] = "new", ["token"] = "t" },
        };

        SecretStringData.Merge(secret);

        Assert.Null(secret.StringData);
        Assert.Equal(["keep=k", "token=t", "user=new"], secret.Data.Select(p => $"{p.Key}={Encoding.UTF8.GetString(p.Value)}").Order(StringComparer.Ordinal));
    }
}
