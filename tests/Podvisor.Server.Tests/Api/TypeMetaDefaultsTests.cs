using Podvisor.Server.Api;

namespace Podvisor.Server.Tests.Api;

public sealed class TypeMetaDefaultsTests
{
    [Theory]
    [InlineData("""{"metadata":{"name":"a"}}""", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}""")]
    [InlineData("""{"kind":"Pod","metadata":{"kind":"x"}}""", """{"apiVersion":"v1","kind":"Pod","metadata":{"kind":"x"}}""")]
    [InlineData("""  {}""", """  {"apiVersion":"v1","kind":"Pod"}""")]
    [InlineData("""{"apiVersion":"v2","kind":"Pod"}""", """{"apiVersion":"v2","kind":"Pod"}""")]
    [InlineData("""{"a":1,"a":2}""", """{"apiVersion":"v1","kind":"Pod","a":1,"a":2}""")]
    [InlineData("apiVersion: v1\nkind: Pod\n", "apiVersion: v1\nkind: Pod\n")]
    [InlineData("""{"broken": """, """{"broken": """)]
    public void FillsOnlyWhatIsMissing_KeepingTheTextAsSent(string body, string expected) =>
        Assert.Equal(expected, TypeMetaDefaults.Apply(body, "v1", "Pod"));
}
