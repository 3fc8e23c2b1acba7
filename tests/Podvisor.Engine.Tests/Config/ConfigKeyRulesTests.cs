using Podvisor.Engine.Config;

namespace Podvisor.Engine.Tests.Config;

public class ConfigKeyRulesTests
{
    public static TheoryData<string, string[]> Keys => new()
    {
        { "app.properties", [] },
        { "KEY_NAME-1", [] },
        { ".hidden", [] },
        { "a/b", [ConfigKeyRules.KeyMessage] },
        { "with space", [ConfigKeyRules.KeyMessage] },
        { "", [ConfigKeyRules.KeyMessage] },
        { ".", ["must not be '.'"] },
        { "..", ["must not be '..'"] },
        { "..data", ["must not start with '..'"] },
        { new string('a', 253), [] },
        { new string('a', 254), ["must be no more than 253 characters"] },
        { new string('/', 254), ["must be no more than 253 characters", ConfigKeyRules.KeyMessage] },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Check_Key_GivesUpstreamMessages(string key, string[] expected) =>
        Assert.Equal(expected, ConfigKeyRules.Check(key));
}
